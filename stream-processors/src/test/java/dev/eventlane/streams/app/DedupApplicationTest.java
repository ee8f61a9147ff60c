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
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.EventHeaders;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;

class DedupApplicationTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, Event> events;
    private TestInputTopic<String, Event> withoutHeaders;
    private TestOutputTopic<String, Event> unique;

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
