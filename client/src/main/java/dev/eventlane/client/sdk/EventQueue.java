package dev.eventlane.client.sdk;

import java.io.Closeable;
import java.util.List;

/**
 * Where logged events wait for the sender: bounded, many producers, one consumer. The consumer looks at a batch
 * ({@link #peek}) and, once it is sent or given up, {@link #commit}s it; what is not committed is looked at again
 * (after a restart too, for the disk queue).
 */
interface EventQueue extends Closeable {

    /** Adds the event unless the queue is full; never waits for I/O beyond one buffered write. */
    boolean offer(QueuedEvent event);

    /**
     * Up to {@code max} of the oldest uncommitted events, waiting until there are {@code ready}, the deadline
     * ({@link System#nanoTime()}) passes or {@link #wake} is called. The same events again until committed.
     */
    List<QueuedEvent> peek(int ready, int max, long deadlineNanos) throws InterruptedException;

    /** Removes the events the last {@link #peek} returned. */
    void commit();

    /** Ends a {@link #peek} wait now (a flush or close). */
    void wake();

    /** Events queued and not committed. */
    long size();

    /** Makes what was offered durable as far as the queue can (the disk queue's fsync); a no-op in memory. */
    default void sync() {
    }

    @Override
    void close();
}
