package dev.eventlane.platform.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background loop reading a control topic (API keys, usage), with what health checks and metrics show of it. It
 * outlives outages of the broker (each failed round is retried with a growing backoff) and skips records that do not
 * decode; only an {@link Error} ends it. Subclasses say what one round does.
 */
public abstract class TopicPoller implements AutoCloseable {

    /** How long a round waits for records. */
    protected static final Duration POLL = Duration.ofMillis(100);
    private static final long MAX_BACKOFF_MS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(TopicPoller.class);

    private final String topic;
    private final String name;
    private final Thread thread;
    private final AtomicLong skipped = new AtomicLong();
    private volatile String problem;
    private volatile long lastBeat = System.nanoTime();
    /** Set by {@link #close()}: the loop ends after its round. */
    protected volatile boolean closed;

    /** @param name what the poller is, in log lines and as its thread's name, e.g. {@code eventlane-key-directory} */
    protected TopicPoller(String topic, String name) {
        this.topic = topic;
        this.name = name;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /** One round: read (and write) what there is now; throws when the broker cannot be reached. */
    protected abstract void round();

    /** After the last round: release the clients (and publish what is left). */
    protected abstract void finish();

    /** Interrupts a round that waits on Kafka, so that {@link #close()} does not wait for it. */
    protected abstract void wakeUp();

    /** Starts the loop in its own thread. */
    protected final void startPolling() {
        thread.start();
    }

    /** Shows that the loop is alive while a round waits for a long time (e.g. for the topic to exist). */
    protected final void beat() {
        lastBeat = System.nanoTime();
    }

    /** Counts and logs a record that did not decode as {@code expected}. */
    protected final void skip(ConsumerRecord<?, ?> record, String expected, RuntimeException e) {
        skipped.incrementAndGet();
        LOG.warn("Skipped {}-{}@{}: not {}: {}", record.topic(), record.partition(), record.offset(), expected,
                e.toString());
    }

    public String topic() {
        return topic;
    }

    /** Whether the loop's thread runs; it ends only when closed or on an {@link Error}. */
    public boolean isPolling() {
        return thread.isAlive();
    }

    /** The last failure, or null once reading works again. */
    public String problem() {
        return problem;
    }

    /** Milliseconds since the loop last went round (it does several times a second, also while it waits). */
    public long millisSinceBeat() {
        return (System.nanoTime() - lastBeat) / 1_000_000;
    }

    /** Records that did not decode and were skipped. */
    public long skippedRecords() {
        return skipped.get();
    }

    private void run() {
        long backoff = POLL.toMillis();
        try {
            while (!closed) {
                beat();
                try {
                    round();
                    problem = null;
                    backoff = POLL.toMillis();
                } catch (WakeupException e) {
                    if (!closed) {
                        problem = e.toString();
                    }
                } catch (RuntimeException e) {
                    // The broker away longer than a request may wait, a topic recreated: keep going from here.
                    problem = e.toString();
                    LOG.warn("{} cannot read {} now, retrying in {} ms: {}", name, topic, backoff, e.toString());
                    LockSupport.parkNanos(Duration.ofMillis(backoff).toNanos());
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                }
            }
        } finally {
            finish();
        }
    }

    /** Ends the loop and waits (bounded) for its last round and {@link #finish()}. */
    @Override
    public void close() {
        closed = true;
        wakeUp();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
