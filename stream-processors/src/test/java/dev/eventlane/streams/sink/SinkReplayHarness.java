package dev.eventlane.streams.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseMigrations;
import dev.eventlane.platform.clickhouse.ClickHouseSink;
import dev.eventlane.platform.clickhouse.EventRows;
import dev.eventlane.platform.clickhouse.SinkConsumers;
import dev.eventlane.platform.clickhouse.SinkListener;
import dev.eventlane.platform.clickhouse.TsvBuffer;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.AvroSerde;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.testkit.Stack;

/**
 * The sink's replay rate against raw ClickHouse inserts of the same rows, on the testkit's broker and ClickHouse: a
 * topic of six partitions is loaded with events shaped like the benchmark's (a few properties, a browser's context),
 * then each round times (1) plain TabSeparated inserts of those events' rows in 50k-row batches, only the insert
 * calls, as the benchmark's ClickHouse limit does, and (2) the sink with the settings of stream-processors (50k-row
 * batches, 200 ms, read_committed, 10k records a poll) replaying the topic under a fresh consumer group into a
 * scratch copy of {@code events}, from its start until the table holds every row.
 *
 * <p>Not a test (the name keeps it out of the suite). Run it alone, niced:
 * {@code -Dtest=SinkReplayHarness -Dharness.rows=500000 -Dharness.rounds=2 -DargLine=-Xmx2g}; to try other settings
 * of the sink: {@code -Dharness.batchRows}, {@code -Dharness.pollRecords}, {@code -Dharness.partitionFetchBytes}.
 */
class SinkReplayHarness {

    private static final int ROWS = Integer.getInteger("harness.rows", 500_000);
    private static final int ROUNDS = Integer.getInteger("harness.rounds", 2);
    /** The sink's rows per insert (stream-processors' default); the raw inserts always use 50k. */
    private static final int BATCH_ROWS = Integer.getInteger("harness.batchRows", 50_000);
    private static final int RAW_BATCH_ROWS = 50_000;
    /** Records per poll (stream-processors' setting) and bytes per partition and fetch (Kafka's default). */
    private static final int POLL_RECORDS = Integer.getInteger("harness.pollRecords", 10_000);
    private static final int PARTITION_FETCH_BYTES = Integer.getInteger("harness.partitionFetchBytes", 1 << 20);
    private static final Duration MAX_DELAY = Duration.ofMillis(200);
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final String[] NAMES = {"app_open", "view_product", "add_to_cart", "enter_payment", "purchase",
        "signup_start", "verify_email", "open_help"};
    private static final String[] COUNTRIES = {"RO", "DE", "US", "FR", "BR", "IN"};
    private static final String AGENT = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private final Stack stack = Stack.get();
    private final ClickHouseClient clickhouse =
            new ClickHouseClient(stack.clickHouse().httpUrl(), Stack.CLICKHOUSE_DATABASE, Duration.ofMinutes(5));

    @Test
    void measure() throws Exception {
        ClickHouseMigrations.apply(clickhouse);
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String topic = "replay-" + run;
        stack.kafka().createTopics(6, topic);
        long loadStarted = System.nanoTime();
        load(topic);
        System.out.printf("harness: loaded %,d events into %s in %.1f s%n", ROWS, topic,
                (System.nanoTime() - loadStarted) / 1e9);
        for (int round = 1; round <= ROUNDS; round++) {
            double raw = rawInserts("replay_raw_" + run + "_" + round);
            double replay = replay(topic, "replay_sink_" + run + "_" + round, "replay-" + run + "-" + round);
            System.out.printf("harness: round %d: sink replay %,.0f rows/s, raw inserts %,.0f rows/s, %.2fx%n",
                    round, replay, raw, replay / raw);
        }
    }

    private void load(String topic) throws Exception {
        AvroSerde<Event> serde = EventlaneSerdes.event();
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        SplittableRandom random = new SplittableRandom(7);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < ROWS; i++) {
                Event event = event(i, random);
                producer.send(new ProducerRecord<>(topic, event.getProjectId() + "|" + event.getUserId(),
                        serde.serialize(topic, event)));
            }
            producer.flush();
        }
    }

    /** Rows per second of the insert calls alone, for the same events' rows. */
    private double rawInserts(String table) {
        clickhouse.execute("CREATE TABLE " + table + " AS events");
        try {
            SplittableRandom random = new SplittableRandom(7);
            EventRows format = new EventRows();
            long insertNanos = 0;
            for (int done = 0; done < ROWS; done += RAW_BATCH_ROWS) {
                TsvBuffer tsv = new TsvBuffer(RAW_BATCH_ROWS * 300);
                for (int i = done; i < Math.min(ROWS, done + RAW_BATCH_ROWS); i++) {
                    format.append(tsv, event(i, random));
                    tsv.number(i % 6).tab().number(i).newline();
                }
                byte[] batch = tsv.toByteArray();
                long started = System.nanoTime();
                clickhouse.insertTsv(table, format.columns() + ", kafka_partition, kafka_offset", batch);
                insertNanos += System.nanoTime() - started;
            }
            assertThat(count(table)).isEqualTo(ROWS);
            return ROWS / (insertNanos / 1e9);
        } finally {
            clickhouse.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    /** Rows per second of the sink replaying the whole topic, from its start until the table holds every row. */
    private double replay(String topic, String table, String group) throws InterruptedException {
        clickhouse.execute("CREATE TABLE " + table + " AS events");
        Map<String, Object> props = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, POLL_RECORDS, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, PARTITION_FETCH_BYTES));
        ClickHouseSink<Event> sink = new ClickHouseSink<>(SinkConsumers.of(props), EventlaneSerdes.event(),
                clickhouse, topic, table, new EventRows(), BATCH_ROWS, MAX_DELAY, SinkListener.NONE,
                SinkScratch.NO_DEAD_LETTERS);
        Thread thread = new Thread(sink, "harness-sink-replay");
        long started = System.nanoTime();
        thread.start();
        try {
            Awaitility.await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> count(table) >= ROWS);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(count(table)).isEqualTo(ROWS);
            assertThat(clickhouse.selectOne("SELECT uniqExact(event_id) FROM " + table))
                    .isEqualTo(Integer.toString(ROWS));
            return ROWS / seconds;
        } finally {
            sink.stop();
            thread.join(60_000);
            clickhouse.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    private long count(String table) {
        return Long.parseLong(clickhouse.selectOne("SELECT count() FROM " + table));
    }

    /** Event {@code i}: one of 100k users, a funnel step name, two or three properties, a browser's context. */
    private static Event event(int i, SplittableRandom random) {
        int user = random.nextInt(100_000);
        Map<String, String> properties = new HashMap<>();
        properties.put("path", "\"/shop/item/" + random.nextInt(5_000) + "\"");
        properties.put("seq", Integer.toString(i));
        if (random.nextInt(5) == 0) {
            properties.put("amount", Integer.toString(100 + random.nextInt(50_000)));
        }
        return Event.newBuilder().setEventId("ev-" + i + "-" + Long.toHexString(random.nextLong()))
                .setProjectId("0b6d1c2e-5f4a-4c3b-9d8e-7f6a5b4c3d2e").setSource(Source.LOGLOGIC)
                .setName(NAMES[random.nextInt(NAMES.length)]).setUserId("user-" + user)
                .setSessionId("s-" + user + "-" + (i / 50_000)).setFunnel(random.nextBoolean() ? "checkout" : null)
                .setPlatform("Web").setTimestamp(T0.plusMillis(i * 37L)).setReceivedAt(T0.plusMillis(i * 37L + 120))
                .setProperties(properties)
                .setContext(EventContext.newBuilder().setIp("203.0.113." + (user % 250)).setUserAgent(AGENT)
                        .setBrowser("Chrome").setOs("macOS").setDevice("desktop")
                        .setCountry(COUNTRIES[user % COUNTRIES.length]).build())
                .build();
    }
}
