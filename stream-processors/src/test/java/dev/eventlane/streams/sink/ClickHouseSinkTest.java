package dev.eventlane.streams.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseSink;
import dev.eventlane.platform.clickhouse.DeadLetters;
import dev.eventlane.platform.clickhouse.EventRows;
import dev.eventlane.platform.clickhouse.SinkListener;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.testkit.Stack;

/** The sink on a real broker and a real ClickHouse: crashes between insert and commit write nothing twice. */
class ClickHouseSinkTest {

    private static final Instant T0 = SinkEvents.T0;
    private static final DeadLetters NO_DEAD_LETTERS = SinkScratch.NO_DEAD_LETTERS;

    private final Stack stack = Stack.get();
    private final ClickHouseClient clickhouse = SinkScratch.clickhouse();
    private String topic;
    private String table;
    private String group;

    @BeforeEach
    void setUp() {
        SinkScratch scratch = SinkScratch.of(clickhouse, "sink-test", "events");
        topic = scratch.topic();
        table = scratch.table();
        group = scratch.group();
    }

    @Test
    void sinkThatStoredRowsButNeverCommittedIsResumedWithoutDuplicates() throws Exception {
        produce(0, 5000);
        runUntilStored(this::forgetfulConsumer, 5000);
        assertThat(committedOffsets()).isEmpty();

        produce(5000, 2000);
        runUntilStored(this::consumer, 7000);

        assertThat(clickhouse.selectOne("SELECT count() FROM " + table)).isEqualTo("7000");
        assertThat(clickhouse.selectOne("SELECT uniqExact(event_id) FROM " + table)).isEqualTo("7000");
        assertThat(committedOffsets()).isNotEmpty();
    }

    @Test
    void rowsCarryEveryFieldOfTheEvent() throws Exception {
        produce(0, 1);
        runUntilStored(this::consumer, 1);

        String[] row = clickhouse.select("SELECT project_id, event_id, source, name, user_id, session_id, funnel,"
                + " platform, ts_ms, received_ms, data, ip, user_agent, toString(ts) FROM " + table).get(0);
        assertThat(row).containsExactly("p1", "e-0", "loglogic", "step0", "u0", "s0", "checkout", "Web",
                Long.toString(T0.toEpochMilli()), Long.toString(T0.toEpochMilli() + 5), "{\"a\\tb\":\"x\",\"n\":0}",
                "203.0.113.1", "agent\t1", "2026-11-01 12:00:00");
    }

    @Test
    void batchesRefusedWhileTheTableIsAwayAreRetriedAndStoredOnce() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        SinkListener counting = new SinkListener() {
            @Override
            public void batch(int rows, long nanos) {
            }

            @Override
            public void insertFailed() {
                failures.incrementAndGet();
            }

            @Override
            public void lag(long records) {
            }
        };
        ClickHouseSink<Event> sink = new ClickHouseSink<>(this::consumer, EventlaneSerdes.event(), clickhouse, topic,
                table, new EventRows(), 500, Duration.ofMillis(100), counting, NO_DEAD_LETTERS);
        Thread thread = new Thread(sink, "sink-under-test");
        thread.start();
        try {
            produce(0, 1000);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count() == 1000);

            clickhouse.execute("RENAME TABLE " + table + " TO " + table + "_away");
            produce(1000, 2000);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> failures.get() >= 2);
            clickhouse.execute("RENAME TABLE " + table + "_away TO " + table);

            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count() >= 3000);
        } finally {
            sink.stop();
            thread.join(30_000);
        }
        assertThat(count()).isEqualTo(3000);
        assertThat(clickhouse.selectOne("SELECT uniqExact(event_id) FROM " + table)).isEqualTo("3000");
    }

    private long count() {
        return Long.parseLong(clickhouse.selectOne("SELECT count() FROM " + table));
    }

    private void runUntilStored(Supplier<Consumer<byte[], byte[]>> consumer, int expected)
            throws InterruptedException {
        ClickHouseSink<Event> sink = new ClickHouseSink<>(consumer, EventlaneSerdes.event(), clickhouse, topic,
                table, new EventRows(), 1000, Duration.ofMillis(100), SinkListener.NONE, NO_DEAD_LETTERS);
        Thread thread = new Thread(sink, "sink-under-test");
        AtomicReference<Throwable> died = new AtomicReference<>();
        thread.setUncaughtExceptionHandler((t, e) -> died.set(e));
        thread.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(
                    () -> Long.parseLong(clickhouse.selectOne("SELECT count() FROM " + table)) >= expected);
        } finally {
            sink.stop();
            thread.join(30_000);
        }
        assertThat(clickhouse.selectOne("SELECT count() FROM " + table)).isEqualTo(Integer.toString(expected));
        assertThat(died.get()).as("the sink stops cleanly").isNull();
    }

    private void produce(int from, int count) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Event> producer = new KafkaProducer<>(props, new StringSerializer(),
                EventlaneSerdes.event().serializer())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, "p1|u" + (i % 50), event(i)));
            }
            producer.flush();
        }
    }

    private static Event event(int i) {
        return Event.newBuilder().setEventId("e-" + i).setProjectId("p1").setSource(Source.LOGLOGIC)
                .setName("step" + (i % 4)).setUserId("u" + (i % 50)).setSessionId("s" + (i % 7))
                .setFunnel("checkout").setPlatform("Web").setTimestamp(T0.plusMillis(i))
                .setReceivedAt(T0.plusMillis(i + 5)).setProperties(Map.of("n", Integer.toString(i), "a\tb", "\"x\""))
                .setContext(EventContext.newBuilder().setIp("203.0.113.1").setUserAgent("agent\t1").build())
                .build();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A real consumer whose commits are lost, as when the sink dies right after ClickHouse took a batch. */
    private KafkaConsumer<byte[], byte[]> forgetfulConsumer() {
        return new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(), new ByteArrayDeserializer()) {
            @Override
            public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
                // lost in the crash
            }
        };
    }

    private Map<String, Object> consumerProps() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets() throws Exception {
        try (var admin = stack.kafka().admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
    }
}
