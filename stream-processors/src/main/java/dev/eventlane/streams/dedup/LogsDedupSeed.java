package dev.eventlane.streams.dedup;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.schemas.pipeline.Sinks;
import dev.eventlane.schemas.pipeline.StreamsApplications;
import dev.eventlane.schemas.pipeline.Tables;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Where de-duplication starts on {@value Topics#LOGS} the first time, on a stack whose logs sink copied that topic
 * itself before log entries were de-duplicated: after what the sink stored already (its committed offset, or the
 * highest offset the {@code logs} table holds from that topic, whichever is further), so those entries are not
 * forwarded to {@value Topics#LOGS_UNIQUE} and stored a second time. Partitions de-duplication has offsets of, and
 * a fresh stack (no such sink), are left alone. Offsets can be set only while de-duplication's group has no member:
 * this runs before it starts, and waits a while for the members of a previous instance to time out.
 */
public final class LogsDedupSeed {

    private static final Logger LOG = Logger.getLogger(LogsDedupSeed.class);
    /** Longer than the Streams consumers' session timeout (10 s): a stopped instance has left the group by then. */
    static final Duration WAIT_FOR_EMPTY_GROUP = Duration.ofSeconds(30);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private LogsDedupSeed() {
    }

    /**
     * Sets de-duplication's offsets on {@value Topics#LOGS} where it has none and the logs sink had stored entries.
     *
     * @return the offsets set (empty when there was nothing to do, or the group never became empty)
     */
    public static Map<TopicPartition, OffsetAndMetadata> seed(Admin admin, ClickHouseClient clickhouse)
            throws InterruptedException, ExecutionException {
        return seed(admin, clickhouse, Topics.LOGS, StreamsApplications.DEDUP,
                Sinks.filling(Tables.LOGS_TABLE).orElseThrow().group(), Tables.LOGS_TABLE);
    }

    /** As above, with the names given (tests use their own). */
    static Map<TopicPartition, OffsetAndMetadata> seed(Admin admin, ClickHouseClient clickhouse, String topic,
            String dedupGroup, String sinkGroup, String table) throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> dedup = committed(admin, dedupGroup, topic);
        Map<TopicPartition, OffsetAndMetadata> seeds = new HashMap<>();
        committed(admin, sinkGroup, topic).forEach((tp, at) -> seeds.put(tp, new OffsetAndMetadata(at.offset())));
        storedFrom(clickhouse, table, topic).forEach((partition, next) -> seeds.merge(
                new TopicPartition(topic, partition), new OffsetAndMetadata(next),
                (a, b) -> a.offset() >= b.offset() ? a : b));
        seeds.keySet().removeAll(dedup.keySet());
        if (seeds.isEmpty()) {
            return Map.of();
        }
        long deadline = System.nanoTime() + WAIT_FOR_EMPTY_GROUP.toNanos();
        while (true) {
            try {
                admin.alterConsumerGroupOffsets(dedupGroup, seeds).all().get();
                LOG.infof("De-duplication of log entries starts after what the logs sink stored: %s", seeds);
                return seeds;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    LOG.warnf("De-duplication's group kept members for %s s; it reads %s from the start, so the entries"
                            + " the logs sink stored before log entries were de-duplicated are stored again: %s",
                            WAIT_FOR_EMPTY_GROUP.toSeconds(), topic, e.getCause());
                    return Map.of();
                }
                Thread.sleep(RETRY.toMillis());
            }
        }
    }

    /** The group's committed offsets on {@code topic}. */
    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group, String topic)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> found = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((tp, offset) -> {
            if (tp.topic().equals(topic) && offset != null) {
                found.put(tp, offset);
            }
        });
        return found;
    }

    /** Per partition of {@code topic}, the offset after the highest {@code table} holds from it. */
    private static Map<Integer, Long> storedFrom(ClickHouseClient clickhouse, String table, String topic) {
        Map<Integer, Long> next = new HashMap<>();
        List<String[]> rows = clickhouse.select("SELECT kafka_partition, max(kafka_offset) FROM " + table
                + " WHERE kafka_topic = " + Sql.quote(topic) + " GROUP BY kafka_partition");
        for (String[] row : rows) {
            next.put(Integer.parseInt(row[0]), Long.parseLong(row[1]) + 1);
        }
        return next;
    }
}
