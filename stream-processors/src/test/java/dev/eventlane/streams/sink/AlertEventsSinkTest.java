package dev.eventlane.streams.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

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
import dev.eventlane.platform.clickhouse.DeadLetters;
import dev.eventlane.platform.clickhouse.SinkListener;
import dev.eventlane.platform.webhooks.TestDeliveries;
import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.testkit.Stack;

/**
 * The fired alerts' sink on a real broker and ClickHouse: every record of the alerts topic becomes one row of
 * {@code alert_events}, and a restarted sink resumes after the last row held without storing any again.
 */
class AlertEventsSinkTest {

    private static final Instant T0 = SinkEvents.T0;
    private static final DeadLetters NO_DEAD_LETTERS = SinkScratch.NO_DEAD_LETTERS;

    private final Stack stack = Stack.get();
    private final ClickHouseClient clickhouse = SinkScratch.clickhouse();
    private String topic;
    private String table;
    private String group;
    private long produced;

    @BeforeEach
    void setUp() {
        SinkScratch scratch = SinkScratch.of(clickhouse, "alert-sink-test", "alert_events");
        topic = scratch.topic();
        table = scratch.table();
        group = scratch.group();
    }

    @Test
    void storesEveryAlertOnceAndResumesAfterARestart() throws Exception {
        produce(0, 1500);
        run(1500);
        produce(1500, 500);
        run(2000);

        assertThat(clickhouse.selectOne("SELECT uniqExact(alert_id) FROM " + table)).isEqualTo("2000");
        assertThat(clickhouse.selectOne("SELECT uniqExact(kafka_partition, kafka_offset) FROM " + table))
                .isEqualTo("2000");
        assertThat(clickhouse.select("SELECT kind, count() FROM " + table + " GROUP BY kind ORDER BY kind"))
                .containsExactly(new String[] {"alert", "1000"}, new String[] {"churn_spike", "1000"});
        String[] everyEndpoint = clickhouse.select("SELECT project_id, kind, endpoint_id, ts_ms, toUnixTimestamp(ts),"
                + " payload FROM " + table + " WHERE alert_id = 'a-4'").get(0);
        assertThat(everyEndpoint).containsExactly("p4", "alert", "", Long.toString(T0.toEpochMilli() + 4_000),
                Long.toString(T0.getEpochSecond() + 4), "{\"rule\":\"r-4\",\"message\":\"tab\\there\",\"count\":4}");
        assertThat(clickhouse.selectOne("SELECT endpoint_id FROM " + table + " WHERE alert_id = 'a-1501'"))
                .isEqualTo("ep-1501");
    }

    @Test
    void testDeliveriesAreNotStoredAsAlertsThatFired() throws Exception {
        produce(0, 10);
        send(List.of(Alert.newBuilder().setAlertId(TestDeliveries.ALERT_ID_PREFIX + "1").setProjectId("p1")
                .setKind(TestDeliveries.KIND).setEndpointId("ep-1").setTriggeredAt(T0)
                .setPayload("{\"event\":\"test\"}").build()));
        produce(10, 2);
        run(12);

        assertThat(clickhouse.selectOne("SELECT count() FROM " + table + " WHERE kind = 'test'"))
                .isEqualTo("0");
    }

    private void run(int expected) throws InterruptedException {
        ClickHouseSink<Alert> sink = new ClickHouseSink<>(this::consumer, EventlaneSerdes.alert(), clickhouse, topic,
                table, DerivedRows.ALERT_EVENTS, 500, Duration.ofMillis(100), SinkListener.NONE, NO_DEAD_LETTERS);
        Thread thread = new Thread(sink, "alert-sink-under-test");
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

    /** Alerts {@code from..}: odd ones a churn spike for one endpoint, even ones a rule's alert for every endpoint. */
    private void produce(int from, int count) {
        send(IntStream.range(from, from + count).mapToObj(AlertEventsSinkTest::alert).toList());
    }

    private void send(List<Alert> alerts) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Alert> producer = new KafkaProducer<>(props, new StringSerializer(),
                EventlaneSerdes.alert().serializer())) {
            for (Alert alert : alerts) {
                producer.send(new ProducerRecord<>(topic, alert.getProjectId(), alert));
            }
            producer.flush();
        }
        produced += alerts.size();
    }

    private static Alert alert(int i) {
        boolean churn = i % 2 == 1;
        return Alert.newBuilder().setAlertId("a-" + i).setProjectId("p" + (i % 5))
                .setKind(churn ? "churn_spike" : "alert").setEndpointId(churn ? "ep-" + i : null)
                .setTriggeredAt(T0.plusSeconds(i))
                .setPayload("{\"rule\":\"r-" + i + "\",\"message\":\"tab\\there\",\"count\":" + i + "}").build();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
