package dev.eventlane.e2e;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Sends the batches of a {@link FaultDataset} at a steady rate, each batch as an SDK would: retried with the same
 * event ids on every answer other than 2xx and on every connection error, until it is answered 2xx (or a generous
 * bound passes, which the test reports). A batch that waits for its retry does not hold up the next: the offered
 * rate stays steady while a component is down, and the backlog goes in when it is back.
 */
final class LoadSender implements AutoCloseable {

    /** Connection refused, reset or timed out: the server was not there to answer. */
    static final String NO_ANSWER = "no answer";
    private static final Duration RETRY_EVERY = Duration.ofMillis(250);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);
    /** Enough for every batch of a minute of outage to wait for its retry in a thread of its own. */
    private static final int SENDERS = 64;

    private final Http http;
    private final List<String> urls;
    private final AtomicInteger nextUrl = new AtomicInteger();
    private final List<String> batches;
    private final int batchSize;
    private final long periodMicros;
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    private final AtomicInteger dispatched = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger gaveUp = new AtomicInteger();
    private final AtomicInteger partial = new AtomicInteger();
    private final AtomicLong ackedEvents = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
    private volatile long firstSentNanos;
    private volatile long lastAckNanos;

    /** {@code urls}: the ingest instances, taken in turn by every attempt, as a round-robin balancer would. */
    LoadSender(Http http, List<String> urls, FaultDataset dataset, int eventsPerSecond) {
        this.http = http;
        this.urls = urls;
        this.batches = dataset.batches;
        this.batchSize = FaultDataset.BATCH;
        this.periodMicros = 1_000_000L * batchSize / eventsPerSecond;
    }

    void start() {
        firstSentNanos = System.nanoTime();
        pacer.scheduleAtFixedRate(this::dispatchNext, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    /** The share of the batches handed to a sender so far, 0 to 1. */
    double progress() {
        return (double) dispatched.get() / batches.size();
    }

    boolean done() {
        return answered.get() + gaveUp.get() == batches.size();
    }

    long ackedEvents() {
        return ackedEvents.get();
    }

    int gaveUp() {
        return gaveUp.get();
    }

    long attempts() {
        return attempts.get();
    }

    /** The answers other than 2xx by status, and {@link #NO_ANSWER}, with how many attempts got each. */
    Map<String, Long> refusals() {
        Map<String, Long> copy = new TreeMap<>();
        refusals.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** From the first batch sent to the last one answered 2xx. */
    Duration sendingTime() {
        return Duration.ofNanos(lastAckNanos - firstSentNanos);
    }

    private void dispatchNext() {
        int batch = dispatched.getAndIncrement();
        if (batch >= batches.size()) {
            dispatched.set(batches.size());
            pacer.shutdown();
            return;
        }
        senders.execute(() -> sendUntilAccepted(batches.get(batch)));
    }

    private void sendUntilAccepted(String body) {
        try {
            Awaitility.await().atMost(GIVE_UP_AFTER).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(RETRY_EVERY).until(() -> accepted(body));
            ackedEvents.addAndGet(batchSize);
            lastAckNanos = System.nanoTime();
            answered.incrementAndGet();
        } catch (ConditionTimeoutException e) {
            gaveUp.incrementAndGet();
        } catch (PartialAccept e) {
            partial.incrementAndGet();
            gaveUp.incrementAndGet();
        }
    }

    private boolean accepted(String body) {
        attempts.incrementAndGet();
        String outcome;
        try {
            Http.Reply reply = http.post(urls.get(Math.floorMod(nextUrl.getAndIncrement(), urls.size())), body);
            if (reply.status() / 100 == 2) {
                if (reply.body().path("ingested").asInt() != batchSize) {
                    throw new PartialAccept();
                }
                return true;
            }
            outcome = Integer.toString(reply.status());
        } catch (UncheckedIOException e) {
            outcome = NO_ANSWER;
        }
        refusals.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
        return false;
    }

    /** Batches answered 2xx without every event of them taken: batches are all or nothing (docs/loglogic.md). */
    int partial() {
        return partial.get();
    }

    /** A 2xx whose {@code ingested} is not the batch's size. */
    private static final class PartialAccept extends RuntimeException {
    }

    @Override
    public void close() {
        pacer.shutdownNow();
        senders.shutdownNow();
    }
}
