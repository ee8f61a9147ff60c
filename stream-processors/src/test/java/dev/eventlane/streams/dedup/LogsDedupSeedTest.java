package dev.eventlane.streams.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseMigrations;
import dev.eventlane.testkit.Stack;

/**
 * De-duplication's first offsets on the logs topic, on a real broker and ClickHouse: after what the logs sink
 * stored (its committed offset or the table's highest row from the topic, whichever is further), only where
 * de-duplication has none, and nothing on a fresh stack.
 */
class LogsDedupSeedTest {

    private final Stack stack = Stack.get();
    private final ClickHouseClient clickhouse = new ClickHouseClient(stack.clickHouse().httpUrl(),
            Stack.CLICKHOUSE_DATABASE, Duration.ofSeconds(30));
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String topic = "logs-seed-" + run;
    private final String dedupGroup = "dedup-seed-" + run;
    private final String sinkGroup = "sink-seed-" + run;
    private final String table = "logs_seed_" + run;
    private Admin admin;

    @BeforeEach
    void setUp() {
        stack.kafka().createTopics(3, topic);
        ClickHouseMigrations.apply(clickhouse);
        clickhouse.execute("CREATE TABLE " + table + " AS logs");
        admin = stack.kafka().admin();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            for (int partition = 0; partition < 3; partition++) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topic, partition, "k", "v" + i));
                }
            }
            producer.flush();
        }
    }

    @AfterEach
    void tearDown() {
        admin.close();
    }

    @Test
    void startsAfterWhatTheSinkStoredWhereDeduplicationHasNoOffsets() throws Exception {
        admin.alterConsumerGroupOffsets(sinkGroup, Map.of(tp(0), at(3), tp(1), at(2))).all().get();
        admin.alterConsumerGroupOffsets(dedupGroup, Map.of(tp(0), at(1))).all().get();
        clickhouse.execute("INSERT INTO " + table + " (project_id, log_id, kafka_topic, kafka_partition, kafka_offset)"
                + " VALUES ('p1', 'a', '" + topic + "', 1, 4), ('p1', 'b', '" + topic + "', 2, 0),"
                + " ('p1', 'c', 'another-topic', 2, 9)");

        Map<TopicPartition, OffsetAndMetadata> seeded = seed();

        assertThat(offsets(seeded)).isEqualTo(Map.of(tp(1), 5L, tp(2), 1L));
        assertThat(offsets(admin.listConsumerGroupOffsets(dedupGroup).partitionsToOffsetAndMetadata().get()))
                .isEqualTo(Map.of(tp(0), 1L, tp(1), 5L, tp(2), 1L));
        assertThat(seed()).as("a restart finds offsets everywhere").isEmpty();
    }

    @Test
    void aFreshStackIsLeftAlone() throws Exception {
        assertThat(seed()).isEmpty();
        assertThat(admin.listConsumerGroupOffsets(dedupGroup).partitionsToOffsetAndMetadata().get()).isEmpty();
    }

    private Map<TopicPartition, OffsetAndMetadata> seed() throws Exception {
        return LogsDedupSeed.seed(admin, clickhouse, topic, dedupGroup, sinkGroup, table);
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return offsets.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private TopicPartition tp(int partition) {
        return new TopicPartition(topic, partition);
    }

    private static OffsetAndMetadata at(long offset) {
        return new OffsetAndMetadata(offset);
    }
}
