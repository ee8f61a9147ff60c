package dev.eventlane.schemas.clickhouse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Copies one topic into one ClickHouse table, exactly once.
 *
 * <p>Each row carries its Kafka partition and offset. A batch goes to ClickHouse in one insert (one block: stored
 * whole or not at all), and the consumer offsets are committed only after ClickHouse accepted it. When partitions
 * are assigned, the sink resumes after the highest offset ClickHouse already holds for each partition, or after the
 * committed offset if that is further: a crash between insert and commit therefore never writes a row twice, and a
 * crash before the insert loses nothing.
 */
public class ClickHouseSink<V> implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSink.class);
    /** Wait between attempts while ClickHouse refuses a batch; the batch is kept and retried, never dropped. */
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);

    private final Consumer<String, V> consumer;
    private final ClickHouseClient clickhouse;
    private final String topic;
    private final String table;
    private final RowFormat<V> format;
    private final int batchRows;
    private final Duration maxDelay;
    private final SinkListener metrics;

    private final StringBuilder buffer = new StringBuilder(1 << 20);
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private int bufferedRows;
    private long oldestBufferedAt;
    private volatile boolean running = true;
    private boolean inRebalance;

    public ClickHouseSink(Consumer<String, V> consumer, ClickHouseClient clickhouse, String topic, String table,
            RowFormat<V> format, int batchRows, Duration maxDelay, SinkListener metrics) {
        this.consumer = consumer;
        this.clickhouse = clickhouse;
        this.topic = topic;
        this.table = table;
        this.format = format;
        this.batchRows = batchRows;
        this.maxDelay = maxDelay;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new ResumeFromClickHouse());
            while (running) {
                ConsumerRecords<String, V> records = consumer.poll(pollTimeout());
                records.forEach(this::buffer);
                if (bufferedRows >= batchRows || (bufferedRows > 0 && bufferAgeMs() >= maxDelay.toMillis())) {
                    flushUntilStored();
                }
                metrics.lag(fetchLag() + bufferedRows);
            }
            flushUntilStored();
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    /** Stops the loop; rows already buffered are written before the consumer closes. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    private Duration pollTimeout() {
        if (bufferedRows == 0) {
            return maxDelay;
        }
        return Duration.ofMillis(Math.max(1, maxDelay.toMillis() - bufferAgeMs()));
    }

    private long bufferAgeMs() {
        return System.currentTimeMillis() - oldestBufferedAt;
    }

    private void buffer(ConsumerRecord<String, V> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        nextOffsets.put(tp, record.offset() + 1);
        if (record.value() == null) {
            return;
        }
        if (bufferedRows == 0) {
            oldestBufferedAt = System.currentTimeMillis();
        }
        format.append(buffer, record.value());
        buffer.append(record.partition()).append('\t').append(record.offset()).append('\n');
        bufferedRows++;
    }

    /** Writes the buffer, retrying while ClickHouse is unavailable, then commits the offsets it covered. */
    private void flushUntilStored() {
        if (nextOffsets.isEmpty()) {
            return;
        }
        if (bufferedRows > 0) {
            byte[] rows = buffer.toString().getBytes(StandardCharsets.UTF_8);
            long started = System.nanoTime();
            while (!insert(rows)) {
                waitBeforeRetry();
            }
            metrics.batch(bufferedRows, System.nanoTime() - started);
        }
        Map<TopicPartition, OffsetAndMetadata> commit = nextOffsets.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        try {
            consumer.commitSync(commit);
        } catch (CommitFailedException e) {
            // The rows are stored; whoever owns the partitions now resumes after them (see ResumeFromClickHouse).
            LOG.warn("Offsets not committed after a rebalance, ClickHouse holds the rows: {}", e.getMessage());
        }
        discardBuffer();
    }

    private void discardBuffer() {
        buffer.setLength(0);
        bufferedRows = 0;
        nextOffsets.clear();
    }

    private boolean insert(byte[] rows) {
        try {
            clickhouse.insertTsv(table, format.columns() + ", kafka_partition, kafka_offset", rows);
            return true;
        } catch (ClickHouseException e) {
            metrics.insertFailed();
            LOG.warn("ClickHouse did not take a batch of {} rows into {}, retrying: {}", bufferedRows, table,
                    e.getMessage());
            return false;
        }
    }

    private void waitBeforeRetry() {
        if (inRebalance) {
            LockSupport.parkNanos(RETRY_BACKOFF.toNanos());
            return;
        }
        // Keep the group membership alive while waiting: poll with every partition paused returns nothing.
        Set<TopicPartition> assigned = consumer.assignment();
        consumer.pause(assigned);
        try {
            consumer.poll(RETRY_BACKOFF);
        } finally {
            consumer.resume(assigned);
        }
    }

    /** Records fetchable but not fetched yet, over the assigned partitions (as of the last fetch). */
    private long fetchLag() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            lag += consumer.currentLag(tp).orElse(0);
        }
        return lag;
    }

    /** Highest offset of each partition already stored in the table. */
    private Map<Integer, Long> storedOffsets(Collection<TopicPartition> partitions) {
        String list = partitions.stream().map(tp -> Integer.toString(tp.partition()))
                .collect(Collectors.joining(","));
        Map<Integer, Long> stored = new HashMap<>();
        for (String[] row : clickhouse.select("SELECT kafka_partition, max(kafka_offset) FROM " + table
                + " WHERE kafka_partition IN (" + list + ") GROUP BY kafka_partition")) {
            stored.put(Integer.parseInt(row[0]), Long.parseLong(row[1]));
        }
        return stored;
    }

    private final class ResumeFromClickHouse implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            inRebalance = true;
            try {
                flushUntilStored();
            } finally {
                inRebalance = false;
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already: what is buffered is re-read from where ClickHouse stands.
            discardBuffer();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            inRebalance = true;
            try {
                seekPastStoredRows(partitions);
            } finally {
                inRebalance = false;
            }
        }

        private void seekPastStoredRows(Collection<TopicPartition> partitions) {
            Map<Integer, Long> stored = storedWithRetry(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            for (TopicPartition tp : partitions) {
                Long inTable = stored.get(tp.partition());
                OffsetAndMetadata inKafka = committed.get(tp);
                if (inTable != null && (inKafka == null || inTable + 1 > inKafka.offset())) {
                    LOG.info("Resuming {} at {}, after the last row ClickHouse holds", tp, inTable + 1);
                    consumer.seek(tp, inTable + 1);
                }
            }
        }

        private Map<Integer, Long> storedWithRetry(Collection<TopicPartition> partitions) {
            while (true) {
                try {
                    return storedOffsets(partitions);
                } catch (ClickHouseException e) {
                    LOG.warn("Cannot read stored offsets from ClickHouse yet: {}", e.getMessage());
                    waitBeforeRetry();
                }
            }
        }
    }
}
