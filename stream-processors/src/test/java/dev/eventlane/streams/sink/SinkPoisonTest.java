package dev.eventlane.streams.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseException;
import dev.eventlane.platform.clickhouse.ClickHouseMigrations;
import dev.eventlane.platform.clickhouse.ClickHouseSink;
import dev.eventlane.platform.clickhouse.EventRows;
import dev.eventlane.platform.clickhouse.RowFormat;
import dev.eventlane.platform.clickhouse.SinkListener;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.platform.clickhouse.TsvBuffer;
import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.schemas.kafka.DeadLetter;
import dev.eventlane.schemas.kafka.DeadLetterTopic;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.testkit.Stack;

/**
 * Records the sink cannot store, on a real broker and a real ClickHouse: a row ClickHouse refuses for its content
 * (a number column given text: ClickHouse 18.16 has no {@code max_partitions_per_insert_block}, the refusal current
 * releases give a batch over more than 100 months, so a type error stands in for it) and a record that does not
 * decode. Each goes to the dead-letter topic with its source and reason; the rows around it are stored once; after
 * a restart it is neither stored nor dead-lettered again.
 */
class SinkPoisonTest {

    /** The sinks' record of what they dead-lettered (see DeadLetterLog). */
    private static final String DEAD_LETTER_LOG = "sink_dead_letters";

    private final Stack stack = Stack.get();
    private final ClickHouseClient clickhouse =
            new ClickHouseClient(stack.clickHouse().httpUrl(), Stack.CLICKHOUSE_DATABASE, Duration.ofSeconds(30));
    private String topic;
    private String table;
    private String group;
    private String deadLetterTopic;
    private KafkaDeadLetters deadLetters;

    @BeforeEach
    void setUp() {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        topic = "poison-" + run;
        table = "poison_" + run;
        group = "poison-" + run;
        deadLetterTopic = "dead-letters-" + run;
        stack.kafka().createTopics(1, topic, deadLetterTopic);
        ClickHouseMigrations.apply(clickhouse);
        deadLetters = new KafkaDeadLetters(
                KafkaSettings.bootstrap(stack.kafka().bootstrapServers()), deadLetterTopic);
    }

    @AfterEach
    void tearDown() {
        deadLetters.close();
    }

    @Test
    void rowsRefusedForTheirContentAreDeadLetteredAndTheOthersStoredOnceAcrossARestart() throws Exception {
        clickhouse.execute("CREATE TABLE " + table + " (project_id String, n UInt32, kafka_partition UInt16,"
                + " kafka_offset UInt64) ENGINE = MergeTree() ORDER BY (kafka_partition, kafka_offset)");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            values.add(i == 40 ? "forty" : Integer.toString(i));
        }
        values.add("last"); // offset 100: the last record read before the restart is a refused one
        produceStrings(values);

        Counting first = new Counting();
        // Commits are lost, as in a crash: the second run resumes from ClickHouse alone.
        runUntil(this::forgetfulConsumer, new StringDeserializer(), new NumberRows(), first, () -> count() == 99
                && first.deadLetters.get() == 2);
        assertThat(count()).isEqualTo(99);
        assertThat(clickhouse.selectOne("SELECT uniqExact(n) FROM " + table)).isEqualTo("99");
        List<ConsumerRecord<String, byte[]>> letters = deadLetters(2);
        assertThat(letters).extracting(letter -> header(letter, DeadLetterTopic.SOURCE_OFFSET))
                .containsExactly("40", "100");
        for (ConsumerRecord<String, byte[]> letter : letters) {
            assertThat(header(letter, DeadLetterTopic.COMPONENT)).isEqualTo("clickhouse-sink-" + table);
            assertThat(header(letter, DeadLetterTopic.SOURCE_TOPIC)).isEqualTo(topic);
            assertThat(header(letter, DeadLetterTopic.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(header(letter, DeadLetterTopic.REASON)).contains("Code: 27");
            assertThat(header(letter, DeadLetterTopic.VALUE_KIND)).isEqualTo(DeadLetter.CLICKHOUSE_ROW);
        }
        assertThat(new String(letters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("p1\tforty\t0\t40\n");

        List<String> more = new ArrayList<>();
        for (int i = 101; i < 151; i++) {
            more.add(Integer.toString(i));
        }
        produceStrings(more);
        Counting second = new Counting();
        runUntil(this::consumer, new StringDeserializer(), new NumberRows(), second, () -> count() == 149);
        assertThat(clickhouse.selectOne("SELECT uniqExact(n) FROM " + table)).isEqualTo("149");
        assertThat(second.deadLetters.get()).as("offset 100 is skipped, not dead-lettered again").isZero();
        assertThat(deadLetters(2)).hasSize(2);
    }

    @Test
    void recordThatDoesNotDecodeIsDeadLetteredAsItWas() throws Exception {
        clickhouse.execute("CREATE TABLE " + table + " AS events");
        SinkEvents.produce(stack.kafka().bootstrapServers(), topic, 0, 10);
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "p1|u1", garbage)).get();
        }
        SinkEvents.produce(stack.kafka().bootstrapServers(), topic, 10, 10);

        Counting listener = new Counting();
        runUntil(this::consumer, EventlaneSerdes.event(), new EventRows(), listener, () -> count() == 20);
        assertThat(clickhouse.selectOne("SELECT uniqExact(event_id) FROM " + table)).isEqualTo("20");
        ConsumerRecord<String, byte[]> letter = deadLetters(1).get(0);
        assertThat(letter.value()).isEqualTo(garbage);
        assertThat(header(letter, DeadLetterTopic.SOURCE_OFFSET)).isEqualTo("10");
        assertThat(header(letter, DeadLetterTopic.VALUE_KIND)).isEqualTo(DeadLetter.KAFKA_VALUE);
        assertThat(header(letter, DeadLetterTopic.REASON)).startsWith("cannot be decoded");
        assertThat(listener.deadLetters.get()).isEqualTo(1);
        assertThat(listener.restarts.get()).isZero();
    }

    /**
     * A flood of records that do not decode (one tenant sending garbage) is dead-lettered a poll at a time, not a
     * record at a time: 5,000 of them between 5,000 good events all reach the dead-letter topic and the sink's log,
     * and the good events are all stored once, within a bound that letters sent one by one (a round trip each, and
     * an insert into the log each) do not meet. The last record is undecodable and the commits are lost, so the
     * restart reads it again: it is skipped, not dead-lettered again.
     */
    @Test
    void aFloodOfUndecodableRecordsIsDeadLetteredInBatchesAndTheGoodOnesStoredOnce() throws Exception {
        clickhouse.execute("CREATE TABLE " + table + " AS events");
        int good = 5000;
        Set<String> undecodable = new HashSet<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < good; i++) {
                producer.send(new ProducerRecord<>(topic, "p1|u1",
                        EventlaneSerdes.event().serialize(topic, SinkEvents.event(i))));
                producer.send(new ProducerRecord<>(topic, "p2|u1", ("garbage " + i).getBytes(StandardCharsets.UTF_8)));
                undecodable.add(Integer.toString(2 * i + 1)); // one partition, one idempotent producer: in order
            }
            producer.flush();
        }

        Counting first = new Counting();
        runUntil(this::forgetfulConsumer, EventlaneSerdes.event(), new EventRows(), first,
                () -> count() == good && first.deadLetters.get() == good);
        assertThat(clickhouse.selectOne("SELECT uniqExact(event_id) FROM " + table)).isEqualTo("5000");
        assertThat(clickhouse.selectOne("SELECT count() FROM " + DEAD_LETTER_LOG + " WHERE sink = "
                + Sql.quote("clickhouse-sink-" + table))).isEqualTo("5000");
        List<ConsumerRecord<String, byte[]>> letters = deadLetters(good);
        assertThat(letters).extracting(letter -> header(letter, DeadLetterTopic.SOURCE_OFFSET))
                .hasSize(good).containsExactlyInAnyOrderElementsOf(undecodable);
        assertThat(letters).allSatisfy(letter -> {
            assertThat(header(letter, DeadLetterTopic.VALUE_KIND)).isEqualTo(DeadLetter.KAFKA_VALUE);
            assertThat(header(letter, DeadLetterTopic.REASON)).startsWith("cannot be decoded");
        });
        assertThat(letters.get(0).value()).isEqualTo("garbage 0".getBytes(StandardCharsets.UTF_8));
        assertThat(first.restarts.get()).isZero();

        SinkEvents.produce(stack.kafka().bootstrapServers(), topic, good, 10);
        Counting second = new Counting();
        runUntil(this::consumer, EventlaneSerdes.event(), new EventRows(), second, () -> count() == good + 10);
        assertThat(clickhouse.selectOne("SELECT uniqExact(event_id) FROM " + table)).isEqualTo("5010");
        assertThat(second.deadLetters.get()).as("the last record is skipped, not dead-lettered again").isZero();
        assertThat(deadLetters(good)).hasSize(good);
    }

    /**
     * ClickHouse took the block but its answer never came (as when it dies right after writing): the retry finds the
     * rows in the table and does not insert them a second time.
     */
    @Test
    void aBatchStoredWhoseAnswerWasLostIsNotStoredAgain() throws Exception {
        clickhouse.execute("CREATE TABLE " + table + " (project_id String, n UInt32, kafka_partition UInt16,"
                + " kafka_offset UInt64) ENGINE = MergeTree() ORDER BY (kafka_partition, kafka_offset)");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            values.add(Integer.toString(i));
        }
        produceStrings(values);
        AtomicInteger inserts = new AtomicInteger();
        ClickHouseClient losesTheFirstAnswer = new ClickHouseClient(stack.clickHouse().httpUrl(),
                Stack.CLICKHOUSE_DATABASE, Duration.ofSeconds(30)) {
            @Override
            public void insertTsv(String into, String columns, byte[] rows) {
                super.insertTsv(into, columns, rows);
                if (inserts.getAndIncrement() == 0) {
                    throw new ClickHouseException("ClickHouse unreachable: header parser received no bytes");
                }
            }
        };

        Counting listener = new Counting();
        runUntil(losesTheFirstAnswer, this::consumer, new StringDeserializer(), new NumberRows(), listener,
                () -> listener.batches.get() >= 1);

        assertThat(count()).isEqualTo(50);
        assertThat(inserts.get()).isEqualTo(1);
    }

    private <V> void runUntil(Supplier<Consumer<byte[], byte[]>> consumers, Deserializer<V> values,
            RowFormat<V> format, Counting listener, Callable<Boolean> done) throws InterruptedException {
        runUntil(clickhouse, consumers, values, format, listener, done);
    }

    private <V> void runUntil(ClickHouseClient client, Supplier<Consumer<byte[], byte[]>> consumers,
            Deserializer<V> values, RowFormat<V> format, Counting listener, Callable<Boolean> done)
            throws InterruptedException {
        ClickHouseSink<V> sink = new ClickHouseSink<>(consumers, values, client, topic, table, format, 1000,
                Duration.ofMillis(100), listener, deadLetters);
        Thread thread = new Thread(sink, "sink-under-test");
        thread.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(done);
        } finally {
            sink.stop();
            thread.join(30_000);
        }
    }

    private long count() {
        return Long.parseLong(clickhouse.selectOne("SELECT count() FROM " + table));
    }

    private void produceStrings(List<String> values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, "p1", value));
            }
            producer.flush();
        }
    }

    /** Waits until the dead-letter topic holds {@code expected} records, and returns all it holds. */
    private List<ConsumerRecord<String, byte[]>> deadLetters(int expected) {
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(deadLetterTopic, 0);
            reader.assign(List.of(tp));
            reader.seekToBeginning(List.of(tp));
            long end = reader.endOffsets(List.of(tp)).get(tp);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(letters::add);
                return reader.position(tp) >= end && letters.size() >= expected;
            });
        }
        return letters;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private Consumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(props(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> props() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }

    /** A real consumer whose commits are lost, as when the sink dies before committing. */
    private Consumer<byte[], byte[]> forgetfulConsumer() {
        return new KafkaConsumer<>(props(), new ByteArrayDeserializer(), new ByteArrayDeserializer()) {
            @Override
            public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
                // lost in the crash
            }
        };
    }

    /** One row per record: the project and the record's text in a UInt32 column. */
    private static final class NumberRows implements RowFormat<String> {
        @Override
        public String columns() {
            return "project_id, n";
        }

        @Override
        public void append(TsvBuffer row, String value) {
            RowFormat.text(row, "p1");
            RowFormat.text(row, value);
        }
    }

    private static final class Counting implements SinkListener {
        final AtomicInteger deadLetters = new AtomicInteger();
        final AtomicInteger restarts = new AtomicInteger();
        final AtomicInteger batches = new AtomicInteger();

        @Override
        public void batch(int rows, long nanos) {
            batches.incrementAndGet();
        }

        @Override
        public void insertFailed() {
        }

        @Override
        public void lag(long records) {
        }

        @Override
        public void deadLettered() {
            deadLetters.incrementAndGet();
        }

        @Override
        public void restarted() {
            restarts.incrementAndGet();
        }
    }
}
