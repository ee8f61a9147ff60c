package dev.eventlane.client.sdk;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The default queue: at most {@code capacity} events in memory; a full queue refuses the newest event. */
final class MemoryQueue implements EventQueue {

    private final int capacity;
    private final ArrayDeque<QueuedEvent> events = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int peeked;
    private boolean woken;

    MemoryQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    @Override
    public boolean offer(QueuedEvent event) {
        lock.lock();
        try {
            if (events.size() >= capacity) {
                return false;
            }
            events.addLast(event);
            changed.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<QueuedEvent> peek(int ready, int max, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (events.size() < ready && !woken) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            woken = false;
            List<QueuedEvent> batch = new ArrayList<>(Math.min(max, events.size()));
            for (QueuedEvent event : events) {
                if (batch.size() == max) {
                    break;
                }
                batch.add(event);
            }
            peeked = batch.size();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void commit() {
        lock.lock();
        try {
            for (int i = 0; i < peeked; i++) {
                events.pollFirst();
            }
            peeked = 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void wake() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long size() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    /** What is left, for the drop callback when the client closes. */
    List<QueuedEvent> drain() {
        lock.lock();
        try {
            List<QueuedEvent> left = new ArrayList<>(events);
            events.clear();
            peeked = 0;
            return left;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        // nothing held outside memory
    }
}
