package dev.eventlane.client.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Pending {@code flush()} calls: each completes once the sender has processed (stored or given up) every event
 * logged before it, counted in the order of the queue.
 */
final class Flushes {

    private record Pending(long target, CompletableFuture<Void> done) {
    }

    private final List<Pending> pending = new ArrayList<>();

    synchronized CompletableFuture<Void> add(long target) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.add(new Pending(target, done));
        return done;
    }

    synchronized boolean requested() {
        return !pending.isEmpty();
    }

    /** Completes the flushes of every event up to {@code processed}. */
    synchronized void reached(long processed) {
        pending.removeIf(p -> p.target() <= processed && p.done().complete(null));
    }

    /** Completes whatever is left (the client is closed). */
    synchronized void release() {
        pending.forEach(p -> p.done().complete(null));
        pending.clear();
    }
}
