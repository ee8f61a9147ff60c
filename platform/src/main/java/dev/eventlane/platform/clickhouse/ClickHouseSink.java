package dev.eventlane.platform.clickhouse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.eventlane.schemas.kafka.DeadLetter;

/**
 * Copies one topic into one ClickHouse table, exactly once.
 *
 * <p>Each row carries its Kafka partition and offset. A batch goes to ClickHouse in one insert (one block: stored
 * whole or not at all), and the consumer offsets are committed only after ClickHouse accepted it. When partitions
 * are assigned, the sink resumes after the highest offset ClickHouse already holds for each partition, or after the
 * committed offset if that is further: a crash between insert and commit therefore never writes a row twice, and a
 * crash before the insert loses nothing.
 *
 * <p>Nothing Kafka or ClickHouse does stops the loop for good. While ClickHouse is down a batch is kept and retried;
 * a failed offset commit is retried (the rows are stored already); any other failure (the broker away longer than a
 * request may wait, a rebalance callback that cannot reach it) closes the consumer, waits, and starts again with a new
 * one, which resumes from where ClickHouse stands like a restart. A record that does not decode and a row ClickHouse
 * refuses for its content go to the dead-letter topic, and {@link DeadLetterLog} remembers their offsets so they
 * are skipped after a restart. {@link #millisSinceBeat()} and {@link #problem()} tell a health check how it goes.
 *
 * <p>The consumer reads bytes and the sink decodes them itself: a record that does not decode is one more letter of
 * its poll, and a poll's letters are sent together (all sent, then all acknowledged) before any row read after them
 * is inserted, so a flood of undecodable records costs about a round trip per poll, not one per record.
 */
public class ClickHouseSink<V> implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSink.class);
    /** Wait between attempts while ClickHouse refuses a batch; the batch is kept and retried, never dropped. */
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);
    /** How often the loop checks on an insert in flight while nothing else is due. */
    private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(20);
    /** Longest wait between failed commits, and between restarts of the loop after failures. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private volatile Consumer<byte[], byte[]> consumer;
    private final PollRows<V> rows;
    private final ClickHouseClient clickhouse;
    private final String topic;
    private final String table;
    private final RowFormat<V> format;
    private final int batchRows;
    private final Duration maxDelay;
    private final SinkListener metrics;
    private final String component;
    private final DeadLetters deadLetters;
    private final BatchWriter writer;

    private final ExecutorService inserter = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "clickhouse-inserter");
        thread.setDaemon(true);
        return thread;
    });
    private final TsvBuffer buffer = new TsvBuffer(1 << 20);
    /** Records of the current poll that cannot be stored, sent together once the poll is buffered. */
    private final List<DeadLetter> letters = new ArrayList<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    /** Offsets of stored batches not committed yet (the commit failed); retried after {@link #commitDelay}. */
    private final Map<TopicPartition, Long> uncommitted = new HashMap<>();
    /** Dead-lettered offsets not read yet, from {@link DeadLetterLog}: skipped when read. */
    private final Map<TopicPartition, Set<Long>> deadLettered = new HashMap<>();
    private long nextCommitAt;
    private Duration commitDelay = RETRY_BACKOFF;
    private Duration restartDelay = RETRY_BACKOFF;
    private volatile long lastBeat = System.nanoTime();
    private volatile String problem;
    private int bufferedRows;
    private long oldestBufferedAt;
    private volatile boolean running = true;
    private boolean inRebalance;
    private InFlight inFlight;

    /**
     * @param consumers   makes the consumer of raw bytes, again after a failure (a consumer that failed is closed);
     *                    see {@link SinkConsumers}
     * @param values      decodes the records' values; what it throws on dead-letters the record
     * @param deadLetters where records go that cannot be stored
     */
    public ClickHouseSink(Supplier<Consumer<byte[], byte[]>> consumers, Deserializer<V> values,
            ClickHouseClient clickhouse, String topic, String table, RowFormat<V> format, int batchRows,
            Duration maxDelay, SinkListener metrics, DeadLetters deadLetters) {
        this.consumers = consumers;
        this.clickhouse = clickhouse;
        this.topic = topic;
        this.table = table;
        this.format = format;
        this.batchRows = batchRows;
        this.maxDelay = maxDelay;
        this.metrics = metrics;
        this.component = "clickhouse-sink-" + table;
        this.rows = new PollRows<>(values, format, component, topic);
        this.deadLetters = deadLetters;
        this.writer = new BatchWriter(clickhouse, table, format.columns() + ", kafka_partition, kafka_offset",
                ownRows(format), component, topic, deadLetters, metrics);
    }

    @Override
    public void run() {
        try {
            while (running) {
                try {
                    consumer = consumers.get();
                    consumer.subscribe(List.of(topic), new ResumeFromClickHouse());
                    loop();
                } catch (WakeupException | org.apache.kafka.common.errors.InterruptException e) {
                    if (running) {
                        failed(e);
                    }
                } catch (RuntimeException e) {
                    if (running) {
                        failed(e);
                    }
                } finally {
                    settle();
                    closeQuietly();
                }
                if (running) {
                    pause(restartDelay);
                    restartDelay = longer(restartDelay);
                }
            }
        } finally {
            inserter.shutdownNow();
        }
    }

    private void loop() {
        while (running) {
            beat();
            ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout());
            problem = null;
            buffer(records);
            deadLetterPolled();
            if (inFlight != null && inFlight.insert.isDone()) {
                awaitInFlight();
            }
            // Records without a row (erasures) are committed like the others, so the group reaches the end.
            if (bufferedRows >= batchRows || (!nextOffsets.isEmpty() && bufferAgeMs() >= maxDelay.toMillis())) {
                awaitInFlight();
                send();
            }
            commitPending(false);
            metrics.lag(fetchLag() + bufferedRows + (inFlight == null ? 0 : inFlight.batch.rowCount));
        }
    }

    /** Milliseconds since the loop last showed it was alive (it does at least every poll and every retry). */
    public long millisSinceBeat() {
        return (System.nanoTime() - lastBeat) / 1_000_000;
    }

    /** Why the loop is restarting, or null while it runs normally. */
    public String problem() {
        return problem;
    }

    public String table() {
        return table;
    }

    private void beat() {
        lastBeat = System.nanoTime();
    }

    private void failed(RuntimeException e) {
        problem = e.getClass().getSimpleName() + ": " + e.getMessage();
        metrics.restarted();
        LOG.warn("Sink into {} failed, starting again in {} ms from where ClickHouse stands: {}", table,
                restartDelay.toMillis(), problem, e);
    }

    /**
     * Before a new consumer takes over: the insert in flight is let finish (so no row of ours lands after the new
     * consumer's resume point), and what is buffered or uncommitted is dropped: it is read again.
     */
    private void settle() {
        if (inFlight != null) {
            inFlight.insert.exceptionally(e -> null).join();
            inFlight = null;
        }
        discardBuffer();
        letters.clear();
        uncommitted.clear();
        deadLettered.clear();
    }

    private void closeQuietly() {
        Consumer<byte[], byte[]> closing = consumer;
        if (closing == null) {
            return;
        }
        try {
            closing.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.debug("Closing the consumer of {} failed: {}", table, e.getMessage());
        } finally {
            consumer = null;
        }
    }

    /** Waits, waking up early when stopped. */
    private void pause(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (running && System.nanoTime() < until) {
            beat();
            LockSupport.parkNanos(Math.min(until - System.nanoTime(), Duration.ofMillis(100).toNanos()));
        }
    }

    private static Duration longer(Duration delay) {
        Duration doubled = delay.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    /**
     * Stops the loop and closes the consumer. Rows not yet committed are not flushed: they are read again after a
     * restart, from where ClickHouse stands, so stopping (like crashing) loses and doubles nothing, and a stop never
     * waits on an unavailable ClickHouse.
     */
    public void stop() {
        running = false;
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
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

    private void buffer(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> polled = records.records(tp);
            if (nextOffsets.isEmpty()) {
                oldestBufferedAt = System.currentTimeMillis();
            }
            bufferedRows += rows.write(tp, polled, this::isDeadLettered, buffer, letters);
            nextOffsets.put(tp, polled.get(polled.size() - 1).offset() + 1);
        }
    }

    private boolean isDeadLettered(TopicPartition tp, long offset) {
        Set<Long> offsets = deadLettered.get(tp);
        return offsets != null && offsets.remove(offset);
    }

    /**
     * Sends the poll's letters, waits until all are durable and records them in {@link DeadLetterLog}, before any
     * row read after them can be inserted. If they cannot be sent, the failure restarts the loop, which meets the
     * records again.
     */
    private void deadLetterPolled() {
        if (letters.isEmpty()) {
            return;
        }
        List<DeadLetter> polled = List.copyOf(letters);
        letters.clear();
        deadLetters.sendAll(polled);
        writer.recordSent(polled);
        polled.forEach(letter -> metrics.deadLettered());
        DeadLetter first = polled.get(0);
        LOG.warn("Dead-lettered {} records of {} for {}, the first {}-{}: {}", polled.size(), topic, table,
                first.partition(), first.offset(), first.reason());
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
        SinkBatch batch = new SinkBatch(buffer.toByteArray(), bufferedRows, Map.copyOf(nextOffsets));
        discardBuffer();
        inFlight = new InFlight(batch, submit(batch), System.nanoTime());
    }

    private CompletableFuture<Void> submit(SinkBatch batch) {
        if (batch.rowCount == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> writer.store(batch), inserter);
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
                current.batch.offsets.forEach((tp, offset) -> uncommitted.merge(tp, offset, Math::max));
                inFlight = null;
                restartDelay = RETRY_BACKOFF;
                commitPending(inRebalance);
            } else {
                metrics.insertFailed();
                LOG.warn("A batch of {} rows for {} is not stored yet, retrying: {}", current.batch.rowCount,
                        table, failure.getMessage());
                waitBeforeRetry();
                inFlight = new InFlight(current.batch, submit(current.batch), current.started);
            }
        }
    }

    /** Null once the insert succeeded, its failure otherwise; keeps the group membership alive while waiting. */
    private Throwable outcome(CompletableFuture<Void> insert) {
        while (true) {
            beat();
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

    /**
     * Commits the offsets of stored batches. A commit that fails (the broker away, the coordinator moving) is
     * retried later with a growing pause: the rows are in ClickHouse already, which is where a restart resumes from,
     * but the group's offsets tell lag and erasure how far the sink got.
     *
     * @param now attempt it even during the pause (before partitions are revoked)
     */
    private void commitPending(boolean now) {
        if (uncommitted.isEmpty() || (!now && System.nanoTime() - nextCommitAt < 0)) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commit = uncommitted.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        try {
            consumer.commitSync(commit);
            uncommitted.clear();
            commitDelay = RETRY_BACKOFF;
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The rows are stored; whoever owns the partitions now resumes after them (see ResumeFromClickHouse).
            LOG.warn("Offsets not committed after a rebalance, ClickHouse holds the rows: {}", e.getMessage());
            uncommitted.clear();
        } catch (RetriableException e) {
            metrics.commitFailed();
            LOG.warn("Offsets of {} not committed, ClickHouse holds the rows; retrying in {} ms: {}", table,
                    commitDelay.toMillis(), e.getMessage());
            nextCommitAt = System.nanoTime() + commitDelay.toNanos();
            commitDelay = longer(commitDelay);
        }
    }

    private void discardBuffer() {
        buffer.clear();
        bufferedRows = 0;
        nextOffsets.clear();
    }

    private void waitBeforeRetry() {
        keepAlive(RETRY_BACKOFF);
    }

    /** Waits without fetching: a poll with every partition paused returns nothing but keeps the membership. */
    private void keepAlive(Duration wait) {
        beat();
        if (inRebalance) {
            LockSupport.parkNanos(wait.toNanos());
            return;
        }
        consumer.pause(consumer.assignment());
        try {
            ConsumerRecords<byte[], byte[]> unexpected = consumer.poll(wait);
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

    private record InFlight(SinkBatch batch, CompletableFuture<Void> insert, long started) {
    }

    /** Records fetchable but not fetched yet, over the assigned partitions (as of the last fetch). */
    private long fetchLag() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            lag += consumer.currentLag(tp).orElse(0);
        }
        return lag;
    }

    /** The format's {@link RowFormat#ownRows()} as a further condition of a WHERE clause, or nothing. */
    private static String ownRows(RowFormat<?> format) {
        String own = format.ownRows();
        return own == null ? "" : " AND (" + own + ")";
    }

    /** Highest offset of each partition already stored in the table (by this sink). */
    private Map<Integer, Long> storedOffsets(Collection<TopicPartition> partitions) {
        String list = partitions.stream().map(tp -> Integer.toString(tp.partition()))
                .collect(Collectors.joining(","));
        Map<Integer, Long> stored = new HashMap<>();
        for (String[] row : clickhouse.select("SELECT kafka_partition, max(kafka_offset) FROM " + table
                + " WHERE kafka_partition IN (" + list + ")" + ownRows(format) + " GROUP BY kafka_partition")) {
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
                forget(partitions);
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
            forget(partitions);
        }

        /** Offsets of partitions no longer ours are committed by their next owner, not by us. */
        private void forget(Collection<TopicPartition> partitions) {
            uncommitted.keySet().removeAll(partitions);
            deadLettered.keySet().removeAll(partitions);
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
            Map<Integer, Long> from = new HashMap<>();
            for (TopicPartition tp : partitions) {
                Long inTable = stored.get(tp.partition());
                OffsetAndMetadata inKafka = committed.get(tp);
                if (inTable != null && (inKafka == null || inTable + 1 > inKafka.offset())) {
                    LOG.info("Resuming {} at {}, after the last row ClickHouse holds", tp, inTable + 1);
                    consumer.seek(tp, inTable + 1);
                }
                from.put(tp.partition(), Math.max(inTable == null ? 0 : inTable + 1,
                        inKafka == null ? 0 : inKafka.offset()));
            }
            Map<Integer, Set<Long>> letters = retried(() -> writer.log().offsets(component,
                    partitions.stream().map(TopicPartition::partition).toList(), from));
            for (TopicPartition tp : partitions) {
                deadLettered.put(tp, new HashSet<>(letters.getOrDefault(tp.partition(), Set.of())));
            }
        }

        private Map<Integer, Long> storedWithRetry(Collection<TopicPartition> partitions) {
            return retried(() -> storedOffsets(partitions));
        }

        private <T> T retried(Supplier<T> query) {
            while (true) {
                try {
                    return query.get();
                } catch (ClickHouseException e) {
                    LOG.warn("Cannot read stored offsets from ClickHouse yet: {}", e.getMessage());
                    waitBeforeRetry();
                }
            }
        }
    }
}
