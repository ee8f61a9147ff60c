package dev.eventlane.streams.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.SchemaField;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;

/** Schema discovery on the TopologyTestDriver: what it publishes, when, and within which bounds. */
class SchemaDiscoveryTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");
    private static final Duration PUBLISH = Duration.ofMillis(500);
    private static final String P1 = "11111111-1111-1111-1111-111111111111";
    private static final String P2 = "22222222-2222-2222-2222-222222222222";

    private TopologyTestDriver driver;
    private TestInputTopic<String, Event> events;
    private TestInputTopic<String, LogEntry> logs;
    private TestOutputTopic<String, SchemaField> fields;
    /** The latest total of each (project, kind, key, type) published so far. */
    private final Map<String, SchemaField> latest = new LinkedHashMap<>();
    private int sequence;

    private void start(SchemaDiscovery.Caps caps) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "schema-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-test-state/" + UUID.randomUUID());
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Event> unique = builder.stream(Topics.EVENTS_UNIQUE,
                Consumed.with(Serdes.String(), EventlaneSerdes.event()));
        SchemaDiscovery.addTo(builder, unique, SchemaDiscovery.logs(builder), PUBLISH, caps);
        driver = new TopologyTestDriver(builder.build(), props, T0);
        events = driver.createInputTopic(Topics.EVENTS_UNIQUE, Serdes.String().serializer(),
                EventlaneSerdes.event().serializer());
        logs = driver.createInputTopic(Topics.LOGS_UNIQUE, Serdes.String().serializer(),
                EventlaneSerdes.logEntry().serializer());
        fields = driver.createOutputTopic(Topics.SCHEMA_FIELDS, Serdes.String().deserializer(),
                EventlaneSerdes.schemaField().deserializer());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aNewNameKeyAndTypeIsPublishedAtOnceWithItsTypeAndExample() {
        start(SchemaDiscovery.Caps.DEFAULT);
        events.pipeInput(P1, event(P1, "signup", Map.of("plan", "\"pro\"", "amount", "29.5", "beta", "true",
                "address", "{\"city\":\"Oslo\"}", "tags", "[\"a\",\"b\"]", "gone", "null")));

        // No wall-clock time has passed: all of it is news.
        List<KeyValue<String, SchemaField>> published = fields.readKeyValuesToList();
        assertThat(published).allMatch(kv -> kv.key.equals(P1));
        assertThat(published).extracting(kv -> describe(kv.value)).containsExactlyInAnyOrder(
                "event_name signup  1 []",
                "event_property plan string 1 [\"pro\"]",
                "event_property amount number 1 [29.5]",
                "event_property beta boolean 1 [true]",
                "event_property address object 1 [{\"city\":\"Oslo\"}]",
                "event_property tags array 1 [[\"a\",\"b\"]]");
    }

    @Test
    void volumesOfKnownKeysArePublishedEachIntervalAndNewExamplesAtOnce() {
        start(SchemaDiscovery.Caps.DEFAULT);
        events.pipeInput(P1, event(P1, "signup", Map.of("plan", "\"pro\"")));
        read();
        events.pipeInput(P1, event(P1, "signup", Map.of("plan", "\"pro\"")));
        events.pipeInput(P1, event(P1, "signup", Map.of("plan", "\"pro\"")));
        assertThat(fields.isEmpty()).isTrue();

        events.pipeInput(P1, event(P1, "signup", Map.of("plan", "\"free\"")));
        assertThat(read()).containsExactly("event_property plan string 4 [\"pro\", \"free\"]");

        driver.advanceWallClockTime(PUBLISH);
        assertThat(read()).containsExactly("event_name signup  4 []");
        driver.advanceWallClockTime(PUBLISH);
        assertThat(fields.isEmpty()).isTrue();
    }

    @Test
    void recordsOfKnownKeysWriteNoStateUntilTheirVolumesArePublished() {
        start(SchemaDiscovery.Caps.DEFAULT);
        TestOutputTopic<String, SchemaField> stored = fieldsChangelog();
        events.pipeInput(P1, event(P1, "view", Map.of("path", "\"/a\"")));
        assertThat(stored.readValuesToList()).hasSize(2);
        read();

        for (int i = 0; i < 1_000; i++) {
            events.pipeInput(P1, event(P1, "view", Map.of("path", "\"/a\"")));
        }
        // A thousand records, as many commits by the driver: nothing written, nothing published yet.
        assertThat(stored.isEmpty()).isTrue();
        assertThat(fields.isEmpty()).isTrue();

        driver.advanceWallClockTime(PUBLISH);
        assertThat(read()).containsExactlyInAnyOrder("event_name view  1001 []",
                "event_property path string 1001 [\"/a\"]");
        assertThat(stored.readValuesToList()).extracting(SchemaDiscoveryTest::describe).containsExactlyInAnyOrder(
                "event_name view  1001 []", "event_property path string 1001 [\"/a\"]");
    }

    @Test
    void volumesNotYetPublishedAreWrittenToTheStoreWhenTheTaskCloses() {
        start(SchemaDiscovery.Caps.DEFAULT);
        TestOutputTopic<String, SchemaField> stored = fieldsChangelog();
        for (int i = 0; i < 3; i++) {
            events.pipeInput(P1, event(P1, "view", Map.of()));
        }
        stored.readValuesToList();

        driver.close();
        driver = null;
        assertThat(stored.readValuesToList()).extracting(SchemaDiscoveryTest::describe)
                .containsExactly("event_name view  3 []");
    }

    @Test
    void keepsFiveExamplesPerKeyAndTypeAndCountsEveryType() {
        start(SchemaDiscovery.Caps.DEFAULT);
        for (int i = 0; i < 8; i++) {
            events.pipeInput(P1, event(P1, "e", Map.of("v", Integer.toString(i % 7))));
        }
        events.pipeInput(P1, event(P1, "e", Map.of("v", "\"seven\"")));
        driver.advanceWallClockTime(PUBLISH);
        read();

        assertThat(latestOf("event_property")).containsExactlyInAnyOrder(
                "event_property v number 8 [0, 1, 2, 3, 4]", "event_property v string 1 [\"seven\"]");
    }

    @Test
    void tenThousandKeysInOneEventAreLookedAtUpToTheCapAndTheRestCounted() {
        start(SchemaDiscovery.Caps.DEFAULT);
        events.pipeInput(P1, event(P1, "wide", keys("a", 10_000)));
        events.pipeInput(P1, event(P1, "wide", keys("b", 10_000)));
        driver.advanceWallClockTime(PUBLISH);
        read();

        List<SchemaField> properties = latest.values().stream()
                .filter(f -> f.getKind().equals("event_property")).toList();
        // 256 looked at per event; 500 keys at most per project.
        assertThat(properties.stream().filter(f -> !f.getKey().isEmpty())).hasSize(500)
                .allMatch(f -> f.getVolume() == 1);
        assertThat(properties.stream().filter(f -> f.getKey().isEmpty()))
                .singleElement().satisfies(f -> {
                    assertThat(f.getType()).isEmpty();
                    assertThat(f.getVolume()).isEqualTo(20_000 - 500);
                });
    }

    @Test
    void hugeValuesDeepNestingAndLongKeysAreTypedButNotKeptAsExamples() {
        start(SchemaDiscovery.Caps.DEFAULT);
        String huge = "\"" + "x".repeat(1_000_000) + "\"";
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String longKey = "k".repeat(129);
        events.pipeInput(P1, event(P1, "big", Map.of("text", huge, "nested", deep, longKey, "1",
                "k".repeat(128), "2")));
        driver.advanceWallClockTime(PUBLISH);
        read();

        assertThat(latestOf("event_property")).containsExactlyInAnyOrder(
                "event_property text string 1 []", "event_property nested array 1 []",
                "event_property " + "k".repeat(128) + " number 1 [2]", "event_property   1 []");
    }

    @Test
    void personalLookingKeysAndTheIpKeepNoExamplesButTheInjectedFieldsDo() {
        start(SchemaDiscovery.Caps.DEFAULT);
        Event event = event(P1, "login", Map.of("email", "\"a@example.com\"", "client_ip", "\"198.51.100.7\"",
                "api_key", "\"k1\"", "shipping", "\"express\""));
        event.setContext(new EventContext("203.0.113.42", "Mozilla/5.0", "Chrome 125", "macOS 14", "Desktop", "NO"));
        events.pipeInput(P1, event);
        read();

        assertThat(latestOf("event_property")).containsExactlyInAnyOrder(
                "event_property email string 1 []", "event_property client_ip string 1 []",
                "event_property api_key string 1 []", "event_property shipping string 1 [\"express\"]",
                "event_property $browser string 1 [\"Chrome 125\"]", "event_property $os string 1 [\"macOS 14\"]",
                "event_property $device string 1 [\"Desktop\"]", "event_property $country string 1 [\"NO\"]",
                "event_property $ip string 1 []");
    }

    @Test
    void logPropertiesAreCountedApartFromEventsAndProjectsApartFromEachOther() {
        start(SchemaDiscovery.Caps.DEFAULT);
        logs.pipeInput(P1 + "\u0000node", log(P1, Map.of("orderId", "\"ord_123\"", "duration_ms", "125")));
        logs.pipeInput(P2 + "\u0000node", log(P2, Map.of("duration_ms", "\"slow\"")));
        events.pipeInput(P1, event(P1, "purchase", Map.of("orderId", "\"ord_9\"")));
        List<KeyValue<String, SchemaField>> published = fields.readKeyValuesToList();

        assertThat(published).filteredOn(kv -> kv.key.equals(P1)).extracting(kv -> describe(kv.value))
                .containsExactlyInAnyOrder("log_property orderId string 1 [\"ord_123\"]",
                        "log_property duration_ms number 1 [125]", "event_name purchase  1 []",
                        "event_property orderId string 1 [\"ord_9\"]");
        assertThat(published).filteredOn(kv -> kv.key.equals(P2)).extracting(kv -> describe(kv.value))
                .containsExactly("log_property duration_ms string 1 [\"slow\"]");
        assertThat(published).allMatch(kv -> kv.value.getProjectId().equals(kv.key));
    }

    @Test
    void eventNamesOverTheCapAreCountedNotStored() {
        start(new SchemaDiscovery.Caps(3, 500, 256, 128, 5, 128));
        for (String name : List.of("a", "b", "c", "d", "e", "a", "d")) {
            events.pipeInput(P1, event(P1, name, Map.of()));
        }
        driver.advanceWallClockTime(PUBLISH);
        read();

        assertThat(latestOf("event_name")).containsExactlyInAnyOrder("event_name a  2 []", "event_name b  1 []",
                "event_name c  1 []", "event_name   3 []");
    }

    /** The changelog of what is published of each field: what a restored task starts from. */
    private TestOutputTopic<String, SchemaField> fieldsChangelog() {
        return driver.createOutputTopic("schema-test-" + SchemaDiscovery.FIELDS_STORE + "-changelog",
                Serdes.String().deserializer(), EventlaneSerdes.schemaField().deserializer());
    }

    /** Reads what was published, remembers each field's latest total, and describes what was read. */
    private List<String> read() {
        List<String> described = new java.util.ArrayList<>();
        for (SchemaField field : fields.readValuesToList()) {
            latest.put(field.getProjectId() + "/" + field.getKind() + "/" + field.getType() + "/" + field.getKey(),
                    field);
            described.add(describe(field));
        }
        return described;
    }

    private List<String> latestOf(String kind) {
        return latest.values().stream().filter(f -> f.getKind().equals(kind)).map(SchemaDiscoveryTest::describe)
                .toList();
    }

    private static String describe(SchemaField field) {
        return field.getKind() + " " + field.getKey() + " " + field.getType() + " " + field.getVolume() + " "
                + field.getExamples();
    }

    private static Map<String, String> keys(String prefix, int count) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            properties.put(prefix + i, Integer.toString(i));
        }
        return properties;
    }

    private Event event(String project, String name, Map<String, String> properties) {
        return Event.newBuilder().setEventId("e" + sequence++).setProjectId(project).setSource(Source.GOODLOGS)
                .setName(name).setUserId("u1").setTimestamp(T0).setReceivedAt(T0)
                .setProperties(new LinkedHashMap<>(properties)).build();
    }

    private LogEntry log(String project, Map<String, String> properties) {
        return LogEntry.newBuilder().setLogId("l" + sequence++).setProjectId(project).setSource(Source.GOODLOGS)
                .setLevel(4).setSeverity("error").setMessage("m").setTimestamp(T0).setReceivedAt(T0)
                .setProperties(new LinkedHashMap<>(properties))
                .setContext(new EventContext(null, null, null, null, null, null)).build();
    }
}
