package dev.eventlane.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import dev.eventlane.schemas.pipeline.StreamsApplications;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * How far the analytics stage is behind: its Kafka Streams consumer group on {@code events-unique} (from the
 * broker's committed offsets) and the ClickHouse sinks of every derived table (from their metrics).
 */
final class AnalyticsLag implements AutoCloseable {

    private static final String STREAMS_GROUP = StreamsApplications.ANALYTICS;
    private static final String INPUT = Topics.EVENTS_UNIQUE;

    private final Admin admin;
    private final SinkMonitor sinks;

    AnalyticsLag(String bootstrap, SinkMonitor sinks) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        this.sinks = sinks;
    }

    /**
     * Records of {@code events-unique} the stream-processors have not committed. Under exactly-once a partition's
     * end may be a transaction marker the group never commits past, so up to one per partition means caught up.
     */
    long streamsLag() throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(STREAMS_GROUP)
                    .partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(INPUT) && e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet().stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
            return committed.entrySet().stream()
                    .mapToLong(e -> Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset() - 1))
                    .sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not read the stream-processors' offsets", e.getCause());
        }
    }

    /**
     * Waits until the stream-processors have consumed everything and every derived table's sink has written what
     * they produced (both twice in a row, a second apart); returns how long that took, or null on timeout.
     */
    Duration awaitIdle(Duration limit) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        int idleReadings = 0;
        while (System.nanoTime() < deadline) {
            idleReadings = streamsLag() == 0 && sinks.allTablesLag() == 0 ? idleReadings + 1 : 0;
            if (idleReadings == 2) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
        return null;
    }

    /** Records every derived table's sink has yet to write. */
    long sinksLag() {
        return sinks.allTablesLag();
    }

    @Override
    public void close() {
        admin.close();
    }
}
