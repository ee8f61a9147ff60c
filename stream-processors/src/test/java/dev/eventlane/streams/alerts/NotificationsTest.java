package dev.eventlane.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;

/** Logsh events sent with notify: true become notify alerts carrying what the event was sent with; others do not. */
class NotificationsTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:07.250Z");

    private static final String USER = "p1" + RecordKeys.SEPARATOR + "u1";

    private TopologyTestDriver driver;
    private TestInputTopic<String, Event> events;
    private TestOutputTopic<String, Alert> alerts;

    @BeforeEach
    void setUp() {
        StreamsBuilder builder = new StreamsBuilder();
        Notifications.addTo(builder.stream(Topics.EVENTS_UNIQUE,
                Consumed.with(Serdes.String(), EventlaneSerdes.event())));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "notify-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-test-state");
        driver = new TopologyTestDriver(builder.build(), props);
        events = driver.createInputTopic(Topics.EVENTS_UNIQUE, Serdes.String().serializer(),
                EventlaneSerdes.event().serializer(), T0, Duration.ZERO);
        alerts = driver.createOutputTopic(Topics.ALERTS, Serdes.String().deserializer(),
                EventlaneSerdes.alert().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void logshEventWithNotifyBecomesOneNotifyAlertForEveryNotifyEndpoint() {
        events.pipeInput(USER, logsh("evt_1", "true", Map.of("$icon", "\"👤\"", "user_id", "\"12345\"",
                "plan", "\"pro\"", "seats", "3", "tags", "[\"a\",\"b\"]")));

        List<KeyValue<String, Alert>> out = alerts.readKeyValuesToList();

        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo("p1");
        Alert alert = out.get(0).value;
        assertThat(alert.getKind()).isEqualTo("notify");
        assertThat(alert.getAlertId()).isEqualTo("evt_1");
        assertThat(alert.getEndpointId()).isNull();
        assertThat(alert.getTriggeredAt()).isEqualTo(T0);
        assertThat(alert.getPayload()).isEqualTo("{\"event\":\"user.signup\",\"workspace\":\"logsh\","
                + "\"description\":\"User signed up for the newsletter.\",\"icon\":\"👤\",\"metadata\":{\"plan\":"
                + "\"pro\",\"seats\":3,\"tags\":[\"a\",\"b\"],\"user_id\":\"12345\"},"
                + "\"triggered_at\":\"2026-11-01T12:00:07Z\"}");
    }

    @Test
    void withoutNotifyOrFromAnotherSurfaceNothingIsRaised() {
        events.pipeInput(USER, logsh("evt_2", "false", Map.of()));
        Event goodLogs = Event.newBuilder(logsh("evt_3", "true", Map.of())).setSource(Source.GOODLOGS).build();
        events.pipeInput(USER, goodLogs);

        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void withoutIconTheIconIsNull() {
        events.pipeInput(USER, logsh("evt_4", "true", Map.of()));

        assertThat(alerts.readValue().getPayload()).contains("\"icon\":null,\"metadata\":{}");
    }

    private static Event logsh(String id, String notify, Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(extra);
        properties.put("$workspace", "\"logsh\"");
        properties.put("$description", "\"User signed up for the newsletter.\"");
        properties.put("$notify", notify);
        return Event.newBuilder().setEventId(id).setProjectId("p1").setSource(Source.LOGSH).setName("user.signup")
                .setTimestamp(T0).setReceivedAt(T0).setProperties(properties)
                .setContext(EventContext.newBuilder().build()).build();
    }
}
