package dev.eventlane.streams.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseMigrations;
import dev.eventlane.platform.clickhouse.ClickHouseSink;
import dev.eventlane.platform.clickhouse.DeadLetters;
import dev.eventlane.platform.clickhouse.EventRows;
import dev.eventlane.platform.clickhouse.SinkListener;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.testkit.ClickHouseServer;
import dev.eventlane.testkit.KafkaBroker;

/**
 * The sink through outages longer than any timeout of its clients: the broker killed (-9) while a batch waits for its
 * commit, and ClickHouse killed while rows arrive. Each test class has its own broker and ClickHouse, so stopping
 * them disturbs no other test. The timeouts are short here (2 s), so seconds of outage outlast them.
 */
class SinkOutageTest {

    /** The consumer's request and API (commit) timeouts: the outages below outlast them several times. */
    private static final int API_TIMEOUT_MS = 2000;
    private static final DeadLetters NO_DEAD_LETTERS = letter -> {
        throw new IllegalStateException("unexpected dead letter: " + letter.reason());
    };

    private static KafkaBroker kafka;
    private static ClickHouseServer server;

    private ClickHouseClient clickhouse;
    private String topic;
    private String table;
    private String group;

    @BeforeAll
    static void startServers() {
        kafka = KafkaBroker.start();
        server = ClickHouseServer.start();
    }

    @AfterAll
    static void stopServers() {
        if (kafka != null) {
            kafka.destroy();
        }
        if (server != null) {
            server.destroy();
        }
    }

    @BeforeEach
    void setUp() {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        topic = "outage-" + run;
        table = "events_outage_" + run;
        group = "outage-" + run;
        clickhouse = new ClickHouseClient(server.httpUrl(), "eventlane", Duration.ofSeconds(5));
        kafka.createTopics(3, topic);
        ClickHouseMigrations.apply(clickhouse);
        clickhouse.execute("CREATE TABLE " + table + " AS events");
    }

    @Test
    void brokerKilledBeforeACommitAndBackAfterTheTimeoutsLosesAndDoublesNothing() throws Exception {
        Counting listener = new Counting();
        listener.onFirstBatch = () -> kafka.kill(); // the batch is in ClickHouse, its offsets not yet committed
        ClickHouseSink<Event> sink = sink(listener);
        Thread thread = start(sink);
        try {
            SinkEvents.produce(kafka.bootstrapServers(), topic, 0, 1000);
            long killedAt = awaitFirstBatch(listener);
            // Down for at least 10 s and for three failed commits, each after the 2 s API timeout.
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollDelay(Duration.ofSeconds(10))
                    .until(() -> listener.commitFailures.get() >= 3);
            long down = System.nanoTime() - killedAt;
            assertThat(thread.isAlive()).as("the sink outlives the outage").isTrue();

            kafka.restart();
            long restartedAt = System.nanoTime();
            SinkEvents.produce(kafka.bootstrapServers(), topic, 1000, 1000);
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> count() >= 2000);
            long recovered = System.nanoTime() - restartedAt;
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> SinkEvents.committed(kafka, group) == 2000);
            System.out.printf("SinkOutageTest: broker down %d ms (%d failed commits, %d restarts of the loop); "
                    + "all 2000 rows stored %d ms after the broker was back%n", down / 1_000_000,
                    listener.commitFailures.get(), listener.restarts.get(), recovered / 1_000_000);
        } finally {
            sink.stop();
            thread.join(30_000);
        }
        assertThat(count()).isEqualTo(2000);
        assertThat(clickhouse.selectOne("SELECT uniqExact(event_id) FROM " + table)).isEqualTo("2000");
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void clickHouseKilledAndRestartedLosesAndDoublesNothing() throws Exception {
        Counting listener = new Counting();
        ClickHouseSink<Event> sink = sink(listener);
        Thread thread = start(sink);
        try {
            SinkEvents.produce(kafka.bootstrapServers(), topic, 0, 1000);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count() == 1000);

            server.kill();
            long killedAt = System.nanoTime();
            SinkEvents.produce(kafka.bootstrapServers(), topic, 1000, 1000);
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollDelay(Duration.ofSeconds(10))
                    .until(() -> listener.insertFailures.get() >= 3);
            long down = System.nanoTime() - killedAt;
            assertThat(thread.isAlive()).as("the sink outlives the outage").isTrue();

            server.restart();
            long restartedAt = System.nanoTime();
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> count() >= 2000);
            long recovered = System.nanoTime() - restartedAt;
            System.out.printf("SinkOutageTest: ClickHouse down %d ms (%d failed inserts); all 2000 rows stored %d ms "
                    + "after it was back%n", down / 1_000_000, listener.insertFailures.get(), recovered / 1_000_000);
        } finally {
            sink.stop();
            thread.join(30_000);
        }
        assertThat(count()).isEqualTo(2000);
        assertThat(clickhouse.selectOne("SELECT uniqExact(event_id) FROM " + table)).isEqualTo("2000");
    }

    private long awaitFirstBatch(Counting listener) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> listener.firstBatchAt != 0);
        return listener.firstBatchAt;
    }

    private long count() {
        return Long.parseLong(clickhouse.selectOne("SELECT count() FROM " + table));
    }

    private ClickHouseSink<Event> sink(SinkListener listener) {
        return new ClickHouseSink<>(this::consumer, EventlaneSerdes.event(), clickhouse, topic, table, new EventRows(),
                500, Duration.ofMillis(100), listener, NO_DEAD_LETTERS);
    }

    private static Thread start(ClickHouseSink<Event> sink) {
        Thread thread = new Thread(sink, "sink-under-test");
        thread.start();
        return thread;
    }

    private Consumer<byte[], byte[]> consumer() {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, API_TIMEOUT_MS,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, API_TIMEOUT_MS,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000,
                ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Counts what the sink reports; can act on the first stored batch, on the sink's thread. */
    private static final class Counting implements SinkListener {
        final AtomicInteger insertFailures = new AtomicInteger();
        final AtomicInteger commitFailures = new AtomicInteger();
        final AtomicInteger restarts = new AtomicInteger();
        volatile Runnable onFirstBatch = () -> { };
        volatile long firstBatchAt;

        @Override
        public void batch(int rows, long nanos) {
            if (firstBatchAt == 0) {
                onFirstBatch.run();
                firstBatchAt = System.nanoTime();
            }
        }

        @Override
        public void insertFailed() {
            insertFailures.incrementAndGet();
        }

        @Override
        public void lag(long records) {
        }

        @Override
        public void commitFailed() {
            commitFailures.incrementAndGet();
        }

        @Override
        public void restarted() {
            restarts.incrementAndGet();
        }
    }
}
