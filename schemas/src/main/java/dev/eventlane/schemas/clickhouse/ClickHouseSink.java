package dev.eventlane.schemas.clickhouse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    /** How often the loop checks on an insert in flight while nothing else is due. */
    private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(20);

    private final Consumer<String, V> consumer;
    private final ClickHouseClient clickhouse;
    private final String topic;
    private final String table;
    private final RowFormat<V> format;
    private final int batchRows;
    private final Duration maxDelay;
    private final SinkListener metrics;
    private final String insertColumns;

    private final ExecutorService inserter = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "clickhouse-inserter");
        thread.setDaemon(true);
        return thread;
    });
    private final StringBuilder buffer = new StringBuilder(1 << 20);
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private int bufferedRows;
    private long oldestBufferedAt;
    private volatile boolean running = true;
    private boolean inRebalance;
    private InFlight inFlight;

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
        this.insertColumns = format.columns() + ", kafka_partition, kafka_offset";
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new ResumeFromClickHouse());
            while (running) {
                ConsumerRecords<String, V> records = consumer.poll(pollTimeout());
                records.forEach(this::buffer);
                if (inFlight != null && inFlight.insert.isDone()) {
                    awaitInFlight();
                }
                // Records without a row (erasures) are committed like the others, so the group reaches the end.
                if (bufferedRows >= batchRows || (!nextOffsets.isEmpty() && bufferAgeMs() >= maxDelay.toMillis())) {
                    awaitInFlight();
                    send();
                }
                metrics.lag(fetchLag() + bufferedRows + (inFlight == null ? 0 : inFlight.batch.rowCount));
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            inserter.shutdownNow();
            consumer.close();
        }
    }

    /**
     * Stops the loop and closes the consumer. Rows not yet committed are not flushed: they are read again after a
     * restart, from where ClickHouse stands, so stopping (like crashing) loses and doubles nothing, and a stop never
     * waits on an unavailable ClickHouse.
     */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    private Duration pollTimeout() {
        if (nextOffsets.isEmpty()) {
            return inFlight == null ? maxDelay : IN_FLIGHT_POLL;
        }
        return Duration.ofMillis(Math.max(1, maxDelay.toMillis() - bufferAgeMs()));
    }

    private long bufferAgeMs() {
        return System.currentTimeMillis() - oldestBufferedAt;
    }

    private void buffer(ConsumerRecord<String, V> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        if (nextOffsets.isEmpty()) {
            oldestBufferedAt = System.currentTimeMillis();
        }
        nextOffsets.put(tp, record.offset() + 1);
        if (record.value() == null) {
            return;
        }
        format.append(buffer, record.value());
        buffer.append(record.partition()).append('\t').append(record.offset()).append('\n');
        bufferedRows++;
    }

    /** Writes everything buffered and waits until ClickHouse holds it and its offsets are committed (rebalance). */
    private void flushUntilStored() {
        awaitInFlight();
        send();
        awaitInFlight();
    }

    /**
     * Hands the buffer to the inserter thread and starts a new one, so the next batch is decoded and formatted
     * while this one is inserted. Only one insert is ever in flight, and the next is sent only after it succeeded:
     * rows reach the table in offset order, which the resume rule relies on.
     */
    private void send() {
        if (nextOffsets.isEmpty()) {
            return;
        }
        Batch batch = new Batch(buffer.toString().getBytes(StandardCharsets.UTF_8), bufferedRows,
                Map.copyOf(nextOffsets));
        discardBuffer();
        inFlight = new InFlight(batch, submit(batch), System.nanoTime());
    }

    private CompletableFuture<Void> submit(Batch batch) {
        if (batch.rowCount == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> clickhouse.insertTsv(table, insertColumns, batch.rows), inserter);
    }

    /** Waits for the insert in flight, retrying it while ClickHouse refuses it, then commits its offsets. */
    private void awaitInFlight() {
        while (inFlight != null) {
            InFlight current = inFlight;
            Throwable failure = outcome(current.insert);
            if (inFlight != current) {
                continue; // a rebalance callback, run while waiting, settled it
            }
            if (failure == null) {
                if (current.batch.rowCount > 0) {
                    metrics.batch(current.batch.rowCount, System.nanoTime() - current.started);
                }
                commit(current.batch.offsets);
                inFlight = null;
            } else {
                metrics.insertFailed();
                LOG.warn("ClickHouse did not take a batch of {} rows into {}, retrying: {}", current.batch.rowCount,
                        table, failure.getMessage());
                waitBeforeRetry();
                inFlight = new InFlight(current.batch, submit(current.batch), current.started);
            }
        }
    }

    /** Null once the insert succeeded, its failure otherwise; keeps the group membership alive while waiting. */
    private Throwable outcome(CompletableFuture<Void> insert) {
        while (true) {
            try {
                insert.get(IN_FLIGHT_POLL.toMillis(), TimeUnit.MILLISECONDS);
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (TimeoutException e) {
                keepAlive(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
    }

    private void commit(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commit = offsets.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        try {
            consumer.commitSync(commit);
        } catch (CommitFailedException e) {
            // The rows are stored; whoever owns the partitions now resumes after them (see ResumeFromClickHouse).
            LOG.warn("Offsets not committed after a rebalance, ClickHouse holds the rows: {}", e.getMessage());
        }
    }

    private void discardBuffer() {
        buffer.setLength(0);
        bufferedRows = 0;
        nextOffsets.clear();
    }

    private void waitBeforeRetry() {
        keepAlive(RETRY_BACKOFF);
    }

    /** Waits without fetching: a poll with every partition paused returns nothing but keeps the membership. */
    private void keepAlive(Duration wait) {
        if (inRebalance) {
            LockSupport.parkNanos(wait.toNanos());
            return;
        }
        consumer.pause(consumer.assignment());
        try {
            ConsumerRecords<String, V> unexpected = consumer.poll(wait);
            // A rebalance inside this poll can assign new, unpaused partitions and fetch from them: give those
            // records back, or the next commit would skip them.
            for (TopicPartition tp : unexpected.partitions()) {
                consumer.seek(tp, unexpected.records(tp).get(0).offset());
            }
        } finally {
            // What is paused now: partitions revoked meanwhile can no longer be resumed (or paused).
            consumer.resume(consumer.paused());
        }
    }

    /** Rows of one insert and the offsets to commit once ClickHouse holds them. */
    private record Batch(byte[] rows, int rowCount, Map<TopicPartition, Long> offsets) {
    }

    private record InFlight(Batch batch, CompletableFuture<Void> insert, long started) {
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
            if (!running) {
                return; // closing after stop(): nothing is flushed, the next owner resumes from ClickHouse
            }
            inRebalance = true;
            try {
                flushUntilStored();
            } finally {
                inRebalance = false;
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already: what is buffered is re-read from where ClickHouse stands. An
            // insert in flight is let finish first, so no row of ours lands after the next owner's resume point.
            if (inFlight != null) {
                inFlight.insert.exceptionally(e -> null).join();
                inFlight = null;
            }
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
