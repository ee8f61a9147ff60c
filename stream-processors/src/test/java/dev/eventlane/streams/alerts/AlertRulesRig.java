package dev.eventlane.streams.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.test.TestRecord;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.AlertRule;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.kafka.EventHeaders;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.shared.GlobalStores;

/**
 * The alert rules' whole path (rules, events and logs in, alerts out) on the TopologyTestDriver, one partition,
 * checks every {@link #CHECK}; time moves by the wall clock only ({@link #advance}).
 */
final class AlertRulesRig implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");
    static final Duration CHECK = Duration.ofSeconds(1);

    final TopologyTestDriver driver;
    final TestInputTopic<String, AlertRule> rules;
    final TestInputTopic<String, Event> events;
    final TestInputTopic<String, LogEntry> logs;
    final TestOutputTopic<String, Alert> alerts;
    private Instant now = T0;

    AlertRulesRig(String applicationId) {
        StreamsBuilder builder = new StreamsBuilder();
        AlertRules.addTo(builder, GlobalStores.addRulesStore(builder), builder.stream(Topics.EVENTS_UNIQUE,
                Consumed.with(Serdes.String(), EventlaneSerdes.event())), new AlertRules.Settings(CHECK, 1));
        driver = new TopologyTestDriver(builder.build(), props(applicationId), T0);
        rules = driver.createInputTopic(Topics.ALERT_RULES, Serdes.String().serializer(),
                EventlaneSerdes.alertRule().serializer());
        events = driver.createInputTopic(Topics.EVENTS_UNIQUE, Serdes.String().serializer(),
                EventlaneSerdes.event().serializer());
        logs = driver.createInputTopic(Topics.LOGS_UNIQUE, Serdes.String().serializer(),
                EventlaneSerdes.logEntry().serializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, Serdes.String().deserializer(),
                EventlaneSerdes.alert().deserializer());
    }

    /** The driver's settings for an application of the alerting's tests. */
    static Properties props(String applicationId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-test-state");
        return props;
    }

    /** The wall clock's time. */
    Instant now() {
        return now;
    }

    /** Publishes a rule, as query-api does. */
    void put(AlertRule rule) {
        rules.pipeInput(RecordKeys.owned(rule.getProjectId(), rule.getRuleId()), rule, now);
    }

    /** An event of the unique events topic, keyed by its project and user, at its own time. */
    void send(Event event) {
        events.pipeInput(new TestRecord<>(RecordKeys.user(event.getProjectId(), event.getUserId()), event,
                EventHeaders.of(event), event.getTimestamp()));
    }

    /** Advances the wall clock a check interval at a time, so that every check due runs. */
    void advance(Duration duration) {
        for (long s = 0; s < duration.toSeconds(); s++) {
            now = now.plus(CHECK);
            driver.advanceWallClockTime(CHECK);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
