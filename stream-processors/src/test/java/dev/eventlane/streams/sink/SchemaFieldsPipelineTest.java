package dev.eventlane.streams.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseMigrations;
import dev.eventlane.platform.clickhouse.ClickHouseSink;
import dev.eventlane.platform.clickhouse.SinkConsumers;
import dev.eventlane.platform.clickhouse.SinkListener;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.SchemaField;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topic;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.app.AnalyticsApplication;
import dev.eventlane.testkit.Stack;

/**
 * Schema discovery on the real pipeline: the analytics application as it runs (exactly-once, 100 ms commits) on the
 * test broker, and the sink of {@code schema-fields} into a copy of {@code schema_fields} on ClickHouse with the
 * service's flush delay. A new property is in ClickHouse, as query-api reads it, within a bound, and its volume
 * follows the events that carry it.
 */
class SchemaFieldsPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** SinkConfig's default. */
    private static final Duration SINK_DELAY = Duration.ofMillis(200);

    private final Stack stack = Stack.get();
    private final ClickHouseClient clickhouse = SinkScratch.clickhouse();
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String project = "schema-" + run;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private String table;
    private int sequence;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void aNewPropertyReachesClickHouseWithinTheBoundAndItsVolumeFollows() throws Exception {
        stack.kafka().createTopics(3, Topics.ALL.stream().map(Topic::name).toArray(String[]::new));
        ClickHouseMigrations.apply(clickhouse);
        table = "schema_fields_pipeline_" + run;
        clickhouse.execute("CREATE TABLE " + table + " AS schema_fields");
        startAnalytics();
        startSink();

        // Warm-up: the application has its partitions (it starts at the topics' end: other tests' events are on the
        // shared broker) and the sink its group; a warm-up event sent before the assignment is not read, so send
        // one per poll until one arrives.
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            send(event("warm_up", Map.of()));
            return volume("event_name", "warm_up") >= 1;
        });

        long sent = System.nanoTime();
        send(event("checkout", Map.of("coupon_" + run, "\"WINTER\"")));
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(10))
                .until(() -> volume("event_property", "coupon_" + run) == 1);
        long millis = (System.nanoTime() - sent) / 1_000_000;
        System.out.printf("schema discovery: a new property was in ClickHouse %d ms after it was sent%n", millis);

        for (int i = 0; i < 3; i++) {
            send(event("checkout", Map.of("coupon_" + run, "\"WINTER\"")));
        }
        Awaitility.await().atMost(WAIT).until(() -> volume("event_property", "coupon_" + run) == 4);
        assertThat(volume("event_name", "checkout")).isEqualTo(4);
        assertThat(clickhouse.selectOne("SELECT argMax(examples, kafka_offset) FROM " + table + " WHERE project_id = "
                + Sql.quote(project) + " AND key = " + Sql.quote("coupon_" + run))).isEqualTo("[\"WINTER\"]");
        assertThat(clickhouse.selectOne("SELECT argMax(type, kafka_offset) FROM " + table + " WHERE project_id = "
                + Sql.quote(project) + " AND key = " + Sql.quote("coupon_" + run))).isEqualTo("string");
    }

    /** The volume as query-api reads it: the newest snapshot of each partition, summed. */
    private long volume(String kind, String key) {
        String sum = clickhouse.selectOne("SELECT sum(v) FROM (SELECT argMax(volume, kafka_offset) AS v FROM " + table
                + " WHERE project_id = " + Sql.quote(project) + " AND kind = " + Sql.quote(kind) + " AND key = "
                + Sql.quote(key) + " GROUP BY type, origin)");
        return sum.isEmpty() ? 0 : Long.parseLong(sum);
    }

    private void startAnalytics() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "schema-pipeline-" + run);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/kafka-streams-state/schema-pipeline-" + run);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "latest");
        KafkaStreams streams = new KafkaStreams(AnalyticsApplication.topology(new AnalyticsApplication.Settings(
                Duration.ofSeconds(1), Duration.ofDays(7), Set.of("purchase"), Optional.empty())), props);
        streams.start();
        closing.add(() -> streams.close(Duration.ofSeconds(30)));
    }

    private void startSink() {
        String group = "schema-pipeline-sink-" + run;
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        ClickHouseSink<SchemaField> sink = new ClickHouseSink<>(SinkConsumers.of(props), EventlaneSerdes.schemaField(),
                clickhouse, Topics.SCHEMA_FIELDS, table, DerivedRows.SCHEMA_FIELDS, 10_000, SINK_DELAY,
                SinkListener.NONE, SinkScratch.NO_DEAD_LETTERS);
        Thread thread = new Thread(sink, "schema-fields-sink-under-test");
        thread.start();
        closing.add(() -> {
            sink.stop();
            thread.join(30_000);
        });
    }

    private void send(Event event) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Event> producer = new KafkaProducer<>(props, new StringSerializer(),
                EventlaneSerdes.event().serializer())) {
            producer.send(new ProducerRecord<>(Topics.EVENTS_UNIQUE, RecordKeys.user(project, "u1"), event)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Event event(String name, Map<String, String> properties) {
        Instant now = Instant.now();
        return Event.newBuilder().setEventId("e" + sequence++).setProjectId(project).setSource(Source.GOODLOGS)
                .setName(name).setUserId("u1").setTimestamp(now).setReceivedAt(now).setProperties(properties)
                .setContext(EventContext.newBuilder().build()).build();
    }
}
