package dev.eventlane.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.UserDay;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.alerts.AlertRules;
import dev.eventlane.streams.shared.GlobalStores;

/**
 * The analytics application as it runs, built by {@link AnalyticsApplication#topology}: the analytics stage, and
 * with alerting on, the notifications and alert rules that read the same decoded events. The parts have tests of
 * their own; this one shows what the application puts together.
 */
class AnalyticsApplicationTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");
    private static final String USER = RecordKeys.user("p1", "u1");

    @Test
    void withAlertingOnAnEventFeedsTheAnalyticsStageAndTheNotifications() {
        Topology topology = AnalyticsApplication.topology(settings(true));

        try (TopologyTestDriver driver = driver(topology)) {
            pipe(driver, notifyingEvent());

            assertThat(userDays(driver)).containsExactly(KeyValue.pair(USER,
                    new UserDay("p1", "u1", LocalDate.of(2026, 11, 1))));
            assertThat(driver.createOutputTopic(Topics.ALERTS, Serdes.String().deserializer(),
                    EventlaneSerdes.alert().deserializer()).readValuesToList())
                    .extracting(Alert::getAlertId, Alert::getKind).containsExactly(
                            tuple("evt_1", "notify"));
        }
        assertThat(globalStores(topology)).contains(GlobalStores.RULES_STORE);
    }

    @Test
    void withAlertingOffOnlyTheAnalyticsStageRuns() {
        Topology topology = AnalyticsApplication.topology(settings(false));

        try (TopologyTestDriver driver = driver(topology)) {
            pipe(driver, notifyingEvent());

            assertThat(userDays(driver)).hasSize(1);
            assertThat(driver.producedTopicNames()).doesNotContain(Topics.ALERTS);
        }
        assertThat(globalStores(topology)).doesNotContain(GlobalStores.RULES_STORE);
    }

    private static AnalyticsApplication.Settings settings(boolean alerting) {
        Optional<AlertRules.Settings> rules = alerting
                ? Optional.of(new AlertRules.Settings(Duration.ofSeconds(1), 1))
                : Optional.empty();
        return new AnalyticsApplication.Settings(Duration.ofMillis(100), Duration.ofDays(7), Set.of("purchase"), rules);
    }

    private static TopologyTestDriver driver(Topology topology) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-application-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-test-state");
        return new TopologyTestDriver(topology, props, T0);
    }

    private static void pipe(TopologyTestDriver driver, Event event) {
        driver.createInputTopic(Topics.EVENTS_UNIQUE, Serdes.String().serializer(), EventlaneSerdes.event()
                .serializer()).pipeInput(USER, event, T0);
    }

    private static List<KeyValue<String, UserDay>> userDays(TopologyTestDriver driver) {
        return driver.createOutputTopic(Topics.USER_DAYS, Serdes.String().deserializer(),
                EventlaneSerdes.userDay().deserializer()).readKeyValuesToList();
    }

    private static List<String> globalStores(Topology topology) {
        return topology.describe().globalStores().stream()
                .map(TopologyDescription.GlobalStore::processor)
                .flatMap(processor -> processor.stores().stream()).toList();
    }

    /** A Logsh event sent with {@code notify: true}. */
    private static Event notifyingEvent() {
        return Event.newBuilder().setEventId("evt_1").setProjectId("p1").setUserId("u1").setSource(Source.LOGSH)
                .setName("user.signup").setTimestamp(T0).setReceivedAt(T0)
                .setProperties(Map.of("$notify", "true", "$workspace", "\"logsh\""))
                .setContext(EventContext.newBuilder().build()).build();
    }
}
