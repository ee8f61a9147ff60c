package dev.eventlane.streams.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseSink;
import dev.eventlane.platform.clickhouse.SinkListener;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.platform.clickhouse.WebSessionRows;
import dev.eventlane.schemas.WebFlowStep;
import dev.eventlane.schemas.WebSession;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.testkit.Stack;

/**
 * The web sessions' sink on a real broker and ClickHouse: every published state of a session is a row, and the
 * latest (highest version) is what a reader with argMax sees, before any merge; flow paths keep any character.
 */
class WebSessionsSinkTest {

    private static final Instant T0 = SinkEvents.T0;
    private static final String ODD_PATH = "/a'b\\c\td\ne[\"ț\"]";

    private final Stack stack = Stack.get();
    private final ClickHouseClient clickhouse = SinkScratch.clickhouse();
    private String topic;
    private String table;
    private String group;

    @BeforeEach
    void setUp() {
        SinkScratch scratch = SinkScratch.of(clickhouse, "web-sessions-sink-test", "web_sessions");
        topic = scratch.topic();
        table = scratch.table();
        group = scratch.group();
    }

    @Test
    void everyPublishedStateIsARowAndTheLatestWinsWithArgMax() throws Exception {
        List<WebSession> published = new ArrayList<>();
        for (int version = 1; version <= 4; version++) {
            published.add(session("s1", version, List.of("/", ODD_PATH, "/x", "/y", "/z").subList(0,
                    Math.min(version, 5))));
        }
        published.add(session("s2", 1, List.of("/only")));
        produce(published);
        run(published.size());

        List<String[]> rows = clickhouse.select("SELECT session_id, argMax(user_id, version), argMax(ts_ms, version),"
                + " argMax(last_ms, version), argMax(pageviews, version), argMax(entry_path, version),"
                + " argMax(exit_path, version), length(argMax(flow_paths, version)),"
                + " argMax(flow_paths, version)[2] = " + Sql.quote(ODD_PATH) + " FROM " + table
                + " WHERE project_id = 'p1' GROUP BY session_id ORDER BY session_id");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly("s1", "v1", Long.toString(T0.toEpochMilli()),
                Long.toString(T0.toEpochMilli() + 4000), "4", "/", "/y", "4", "1");
        assertThat(clickhouse.selectOne("SELECT count() FROM " + table + " WHERE has(flow_paths, "
                + Sql.quote(ODD_PATH) + ")")).isEqualTo("3");
        assertThat(rows.get(1)[4]).isEqualTo("1");
    }

    private static WebSession session(String id, int version, List<String> paths) {
        List<WebFlowStep> flow = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            flow.add(new WebFlowStep(T0.toEpochMilli() + i * 1000L, "e" + i, paths.get(i)));
        }
        return WebSession.newBuilder().setProjectId("p1").setSessionId(id).setVisitorId("v1").setFirstEvent(T0)
                .setLastEvent(T0.plusMillis(version * 1000L)).setFirstEventId("e0").setLastEventId("e" + version)
                .setEventCount(version).setPageviewCount(paths.size()).setEntryPath(paths.get(0))
                .setEntryTime(T0.toEpochMilli()).setEntryEventId("e0").setExitPath(paths.get(paths.size() - 1))
                .setExitTime(T0.toEpochMilli() + version * 1000L).setExitEventId("e" + version).setFlow(flow)
                .setCountry("RO").setBrowser("Chrome").setOs("Linux").setDevice("desktop").setReferrerHost("")
                .setUtmSource("").setUtmMedium("").setUtmCampaign("").build();
    }

    private void run(int expected) throws InterruptedException {
        ClickHouseSink<WebSession> sink = new ClickHouseSink<>(this::consumer, EventlaneSerdes.webSession(), clickhouse,
                topic, table, new WebSessionRows(), 500, Duration.ofMillis(100), SinkListener.NONE,
                SinkScratch.NO_DEAD_LETTERS);
        Thread thread = new Thread(sink, "web-sessions-sink-under-test");
        thread.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count() >= expected
                    && SinkEvents.committed(stack.kafka(), group) == expected);
        } finally {
            sink.stop();
            thread.join(30_000);
        }
        assertThat(count()).isEqualTo(expected);
    }

    private long count() {
        return Long.parseLong(clickhouse.selectOne("SELECT count() FROM " + table));
    }

    private void produce(List<WebSession> sessions) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, WebSession> producer = new KafkaProducer<>(props, new StringSerializer(),
                EventlaneSerdes.webSession().serializer())) {
            for (WebSession s : sessions) {
                producer.send(new ProducerRecord<>(topic, "p1|" + s.getVisitorId(), s));
            }
            producer.flush();
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
