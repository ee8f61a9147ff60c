package dev.eventlane.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseSink;
import dev.eventlane.platform.clickhouse.EventRows;
import dev.eventlane.platform.clickhouse.SinkConsumers;
import dev.eventlane.platform.clickhouse.SinkListener;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * The sink's own ceiling: the same sink class and settings as stream-processors replays a backlog of
 * {@code events-unique} under a fresh consumer group into a scratch copy of the events table. (During ingest runs
 * the sink only ever sees what ingest offers, so its rate there says nothing about its limit.)
 */
final class SinkBench {

    record Replay(long rows, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private static final String TOPIC = Topics.EVENTS_UNIQUE;
    private static final int BATCH_ROWS = 50_000;
    private static final Duration MAX_DELAY = Duration.ofMillis(200);

    private SinkBench() {
    }

    static Replay replay(String bootstrap, ClickHouseClient clickhouse, long maxRows) throws InterruptedException {
        String group = "bench-sink-replay-" + UUID.randomUUID();
        String table = "bench_sink_replay";
        clickhouse.execute("DROP TABLE IF EXISTS " + table);
        clickhouse.execute("CREATE TABLE " + table + " AS events");
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        long backlog;
        try (KafkaConsumer<String, Event> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                EventlaneSerdes.event().deserializer())) {
            backlog = Math.min(maxRows, backlog(consumer));
        }
        ClickHouseSink<Event> sink = new ClickHouseSink<>(SinkConsumers.of(props), EventlaneSerdes.event(),
                clickhouse, TOPIC, table, new EventRows(), BATCH_ROWS, MAX_DELAY, SinkListener.NONE,
                letter -> {
                    throw new IllegalStateException("the replay has no dead-letter topic: " + letter.reason());
                });
        Thread thread = new Thread(sink, "bench-sink-replay");
        long started = System.nanoTime();
        thread.start();
        long stored = 0;
        try {
            long deadline = started + Duration.ofMinutes(20).toNanos();
            while (stored < backlog && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                stored = Long.parseLong(clickhouse.selectOne("SELECT count() FROM " + table));
            }
            return new Replay(stored, (System.nanoTime() - started) / 1e9);
        } finally {
            sink.stop();
            thread.join(60_000);
            clickhouse.execute("DROP TABLE IF EXISTS " + table);
            deleteGroup(bootstrap, group);
        }
    }

    /** The member's leave is processed asynchronously, so the group may still count as not empty for a moment. */
    private static void deleteGroup(String bootstrap, String group) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (int attempt = 0; attempt < 20; attempt++) {
                try {
                    admin.deleteConsumerGroups(List.of(group)).all().get();
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupNotEmptyException)) {
                        System.out.println("    (scratch consumer group " + group + " not deleted: "
                                + e.getCause().getMessage() + ")");
                        return;
                    }
                    LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
                }
            }
        }
    }

    private static long backlog(KafkaConsumer<String, Event> consumer) {
        List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        return consumer.endOffsets(partitions).entrySet().stream()
                .mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
    }
}
