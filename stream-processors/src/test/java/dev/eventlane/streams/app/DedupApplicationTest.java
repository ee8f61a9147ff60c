package dev.eventlane.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.EventHeaders;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.dedup.EventDeduplicator;

class DedupApplicationTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, Event> events;
    private TestInputTopic<String, Event> withoutHeaders;
    private TestOutputTopic<String, Event> unique;
    private TestInputTopic<String, LogEntry> logs;
    private TestOutputTopic<String, LogEntry> uniqueLogs;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedup-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-test-state");
        driver = new TopologyTestDriver(DedupApplication.topology(), props);
        var serde = EventlaneSerdes.event();
        events = driver.createInputTopic(Topics.EVENTS, Serdes.String().serializer(),
                serde.serializer(), T0, Duration.ZERO);
        withoutHeaders = driver.createInputTopic(Topics.EVENTS, Serdes.String().serializer(),
                serde.serializer(), T0, Duration.ZERO);
        unique = driver.createOutputTopic(Topics.EVENTS_UNIQUE, Serdes.String().deserializer(),
                serde.deserializer());
        var logSerde = EventlaneSerdes.logEntry();
        logs = driver.createInputTopic(Topics.LOGS, Serdes.String().serializer(), logSerde.serializer(), T0,
                Duration.ZERO);
        uniqueLogs = driver.createOutputTopic(Topics.LOGS_UNIQUE, Serdes.String().deserializer(),
                logSerde.deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void forwardsEachEventIdOncePerProject() {
        pipe("p1|u1", event("p1", "evt_a", "app_open"), T0);
        pipe("p1|u1", event("p1", "evt_a", "app_open"), T0.plusSeconds(5));
        pipe("p1|u1", event("p1", "evt_b", "search"), T0.plusSeconds(6));
        pipe("p2|u1", event("p2", "evt_a", "app_open"), T0.plusSeconds(7));
        pipe("p1|u1", event("p1", "evt_b", "search"), T0.plusSeconds(8));

        List<KeyValue<String, Event>> out = unique.readKeyValuesToList();

        assertThat(out).extracting(kv -> kv.key + "/" + kv.value.getEventId())
                .containsExactly("p1|u1/evt_a", "p1|u1/evt_b", "p2|u1/evt_a");
        assertThat(out.get(0).value).isEqualTo(event("p1", "evt_a", "app_open"));
    }

    @Test
    void retryOfAnOldEventStillCountsOnceWhileWithinTheWindow() {
        pipe("p1|u1", event("p1", "evt_late", "purchase"), T0);
        pipe("p1|u1", event("p1", "evt_other", "purchase"), T0.plus(Duration.ofDays(3)));
        pipe("p1|u1", event("p1", "evt_late", "purchase"), T0.plus(Duration.ofDays(6)));

        assertThat(unique.readValuesToList()).extracting(Event::getEventId)
                .containsExactly("evt_late", "evt_other");
    }

    @Test
    void idIsForgottenAfterTheWindow() {
        pipe("p1|u1", event("p1", "evt_x", "app_open"), T0);
        // Stream time moves past the window and its segment expires.
        pipe("p1|u2", event("p1", "evt_y", "app_open"), T0.plus(DedupApplication.DEDUP_WINDOW).plus(
                Duration.ofDays(2)));
        pipe("p1|u1", event("p1", "evt_x", "app_open"), T0.plus(DedupApplication.DEDUP_WINDOW).plus(
                Duration.ofDays(2)));

        assertThat(unique.readValuesToList()).extracting(Event::getEventId)
                .containsExactly("evt_x", "evt_y", "evt_x");
    }

    @Test
    void recordsWithoutTheHeaderAreDecodedForTheirId() {
        pipe("p1|u1", event("p1", "evt_h", "app_open"), T0);
        withoutHeaders.pipeInput(new TestRecord<>("p1|u1", event("p1", "evt_h", "app_open"), T0.plusSeconds(1)));
        withoutHeaders.pipeInput(new TestRecord<>("p1|u1", event("p1", "evt_n", "app_open"), T0.plusSeconds(2)));
        pipe("p1|u1", event("p1", "evt_n", "app_open"), T0.plusSeconds(3));

        assertThat(unique.readValuesToList()).extracting(Event::getEventId).containsExactly("evt_h", "evt_n");
    }

    @Test
    void forwardsTheRecordAsIngestWroteIt() {
        pipe("p1|u7", event("p1", "evt_same", "purchase"), T0);

        TestRecord<String, Event> out = unique.readRecord();
        assertThat(out.key()).isEqualTo("p1|u7");
        assertThat(out.value()).isEqualTo(event("p1", "evt_same", "purchase"));
        assertThat(EventHeaders.dedupId(out.headers())).isEqualTo("p1\u0000evt_same");
        assertThat(out.timestamp()).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void forwardsEachLogIdOncePerProjectAndCountsTheDuplicates() {
        pipeLog(log("p1", "log_a", "payment failed"), T0);
        pipeLog(log("p1", "log_a", "payment failed"), T0.plusSeconds(5));
        pipeLog(log("p1", "log_b", "user signed up"), T0.plusSeconds(6));
        pipeLog(log("p2", "log_a", "payment failed"), T0.plusSeconds(7));
        pipeLog(log("p1", "log_b", "user signed up"), T0.plusSeconds(8));
        pipe("p1|u1", event("p1", "log_a", "app_open"), T0.plusSeconds(9));

        assertThat(uniqueLogs.readKeyValuesToMap()).isEqualTo(Map.of(
                RecordKeys.log("p1", null, "log_a"), log("p1", "log_a", "payment failed"),
                RecordKeys.log("p1", null, "log_b"), log("p1", "log_b", "user signed up"),
                RecordKeys.log("p2", null, "log_a"), log("p2", "log_a", "payment failed")));
        // Events and log entries have ids of their own: a log id never hides an event with the same id.
        assertThat(unique.readValuesToList()).extracting(Event::getEventId).containsExactly("log_a");
        assertThat(duplicates("logs")).isEqualTo(2.0);
        assertThat(duplicates("events")).isEqualTo(0.0);
    }

    @Test
    void retriedLogIsForgottenOnlyAfterTheWindowAndDecodedWithoutTheHeader() {
        LogEntry first = log("p1", "log_w", "disk full");
        logs.pipeInput(new TestRecord<>(RecordKeys.log("p1", null, "log_w"), first, T0));
        pipeLog(first, T0.plus(Duration.ofDays(6)));
        pipeLog(log("p1", "log_z", "tick"), T0.plus(DedupApplication.DEDUP_WINDOW).plus(Duration.ofDays(2)));
        pipeLog(first, T0.plus(DedupApplication.DEDUP_WINDOW).plus(Duration.ofDays(2)));

        assertThat(uniqueLogs.readValuesToList()).extracting(LogEntry::getLogId)
                .containsExactly("log_w", "log_z", "log_w");
    }

    private double duplicates(String entity) {
        return driver.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().name().equals(EventDeduplicator.DUPLICATES + "-total")
                        && metric.getKey().tags().containsValue(entity))
                .mapToDouble(metric -> (Double) metric.getValue().metricValue()).sum();
    }

    /** As ingest publishes a GoodLogs entry (no node): keyed by project and id, with the dedup-id header. */
    private void pipeLog(LogEntry log, Instant at) {
        logs.pipeInput(new TestRecord<>(RecordKeys.log(log.getProjectId(), null, log.getLogId()), log,
                EventHeaders.of(log), at));
    }

    static LogEntry log(String project, String id, String message) {
        return LogEntry.newBuilder().setLogId(id).setProjectId(project).setSource(Source.GOODLOGS).setLevel(3)
                .setSeverity("error").setTimestamp(T0).setReceivedAt(T0).setMessage(message)
                .setContext(EventContext.newBuilder().build()).build();
    }

    /** As ingest publishes: with the dedup-id header. */
    private void pipe(String key, Event event, Instant at) {
        events.pipeInput(new TestRecord<>(key, event, EventHeaders.of(event), at));
    }

    static Event event(String project, String id, String action) {
        return Event.newBuilder().setEventId(id).setProjectId(project).setSource(Source.LOGLOGIC).setName(action)
                .setUserId("u1").setTimestamp(T0).setReceivedAt(T0).setProperties(Map.of("k", "1"))
                .setContext(EventContext.newBuilder().build()).build();
    }
}
