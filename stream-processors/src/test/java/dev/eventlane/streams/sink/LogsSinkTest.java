package dev.eventlane.streams.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
import dev.eventlane.platform.clickhouse.LogRows;
import dev.eventlane.platform.clickhouse.SinkListener;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.Stack;

/**
 * The logs sink on a real broker and ClickHouse, in a table that already holds rows copied from the logs topic
 * before log entries were de-duplicated: their offsets are another topic's, so the sink resumes after its own rows
 * only, and stores every unique entry once.
 */
class LogsSinkTest {

    private static final Instant T0 = SinkEvents.T0;

    private final Stack stack = Stack.get();
    private final ClickHouseClient clickhouse = SinkScratch.clickhouse();
    private String topic;
    private String table;
    private String group;
    private long produced;

    @BeforeEach
    void setUp() {
        SinkScratch scratch = SinkScratch.of(clickhouse, "logs-sink-test", "logs");
        topic = scratch.topic();
        table = scratch.table();
        group = scratch.group();
    }

    @Test
    void resumesAfterItsOwnRowsNotTheOffsetsOfRowsFromTheLogsTopic() throws Exception {
        clickhouse.execute("INSERT INTO " + table + " (project_id, log_id, kafka_partition, kafka_offset) VALUES"
                + " ('p1', 'old-0', 0, 5000), ('p1', 'old-1', 1, 5000), ('p1', 'old-2', 2, 5000)");
        produce(0, 30);
        run(33);
        // A restart resumes after the rows it stored itself.
        produce(30, 12);
        run(45);

        String own = " FROM " + table + " WHERE kafka_topic = '" + Topics.LOGS_UNIQUE + "'";
        assertThat(clickhouse.selectOne("SELECT count()" + own)).isEqualTo("42");
        assertThat(clickhouse.selectOne("SELECT uniqExact(log_id)" + own)).isEqualTo("42");
        assertThat(clickhouse.selectOne("SELECT count() FROM " + table + " WHERE kafka_topic = 'logs'"))
                .isEqualTo("3");
        assertThat(clickhouse.select("SELECT message, severity, level FROM " + table + " WHERE log_id = 'log-7'"))
                .singleElement().isEqualTo(new String[] {"entry 7", "error", "4"});
    }

    private void run(int expected) throws Exception {
        ClickHouseSink<LogEntry> sink = new ClickHouseSink<>(this::consumer, EventlaneSerdes.logEntry(), clickhouse,
                topic, table, new LogRows(), 500, Duration.ofMillis(100), SinkListener.NONE,
                SinkScratch.NO_DEAD_LETTERS);
        Thread thread = new Thread(sink, "logs-sink-under-test");
        thread.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count() >= expected
                    && SinkEvents.committed(stack.kafka(), group) == produced);
        } finally {
            sink.stop();
            thread.join(30_000);
        }
        assertThat(count()).isEqualTo(expected);
    }

    private long count() {
        return Long.parseLong(clickhouse.selectOne("SELECT count() FROM " + table));
    }

    private void produce(int from, int count) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, LogEntry> producer = new KafkaProducer<>(props, new StringSerializer(),
                EventlaneSerdes.logEntry().serializer())) {
            for (int i = from; i < from + count; i++) {
                LogEntry log = LogEntry.newBuilder().setLogId("log-" + i).setProjectId("p1").setSource(Source.GOODLOGS)
                        .setLevel(4).setSeverity("error").setTimestamp(T0.plusMillis(i)).setReceivedAt(T0)
                        .setMessage("entry " + i).setContext(EventContext.newBuilder().build()).build();
                producer.send(new ProducerRecord<>(topic, RecordKeys.log("p1", null, log.getLogId()), log));
            }
            producer.flush();
        }
        produced += count;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
