package dev.eventlane.client.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client's one background thread: takes batches from the queue, posts each surface's events to its endpoint and
 * retries what may succeed later. A batch is committed (taken off the queue) only once every event of it is stored
 * or given up, so a crash re-sends rather than loses, and the event ids make a re-send harmless.
 */
final class Sender implements Runnable {

    private static final Pattern ERROR_INDEX = Pattern.compile("\"index\"\\s*:\\s*(\\d+)");

    /** What became of one request's events. */
    private enum Outcome { DONE, ABORTED }

    private final EventlaneClient.Settings settings;
    private final EventQueue queue;
    private final HttpClient http;
    private final Consumer<Dropped> onDrop;
    private final Counters counters;
    private final Flushes flushes;
    private final CountDownLatch abort = new CountDownLatch(1);
    /** The threads of requests sent at once; null when they go one at a time. */
    private final ExecutorService pool;
    private volatile boolean closing;

    /** The client's counters, shared with the producer side. */
    static final class Counters {
        final AtomicLong logged = new AtomicLong();
        final AtomicLong processed = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong retries = new AtomicLong();
    }

    Sender(EventlaneClient.Settings settings, EventQueue queue, HttpClient http, Consumer<Dropped> onDrop,
            Counters counters, Flushes flushes) {
        this.settings = settings;
        this.flushes = flushes;
        this.queue = queue;
        this.http = http;
        this.onDrop = onDrop;
        this.counters = counters;
        this.pool = settings.concurrency() <= 1 ? null : Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread thread = new Thread(r, "eventlane-request");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Sends what is queued, then ends; see {@link #abort()} to end sooner. */
    void finish() {
        closing = true;
        queue.wake();
    }

    /** Ends now: a batch being sent or retried is left on the queue. */
    void abort() {
        closing = true;
        abort.countDown();
        queue.wake();
    }

    @Override
    public void run() {
        try {
            loop();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private void loop() {
        long lastSend = System.nanoTime();
        while (abort.getCount() > 0) {
            long deadline = closing || flushes.requested() ? System.nanoTime()
                    : lastSend + settings.flushInterval().toNanos();
            long loggedBefore = counters.logged.get();
            List<QueuedEvent> batch;
            try {
                batch = queue.peek(settings.batchSize(), settings.batchSize() * settings.concurrency(), deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                report(e);
                return;
            }
            if (batch.isEmpty()) {
                flushes.reached(loggedBefore);
                if (closing) {
                    return;
                }
                lastSend = System.nanoTime();
                continue;
            }
            if (batch.size() >= settings.batchSize() || closing || flushes.requested()
                    || System.nanoTime() - deadline >= 0) {
                queue.sync();
                if (sendAll(batch) == Outcome.ABORTED) {
                    return;
                }
                queue.commit();
                counters.processed.addAndGet(batch.size());
                lastSend = System.nanoTime();
                flushes.reached(counters.processed.get());
            }
        }
    }

    /**
     * Sends the batch as requests of at most {@code batchSize} events of one surface each: one after the other, or
     * {@code concurrency} at a time.
     */
    private Outcome sendAll(List<QueuedEvent> batch) {
        Map<Surface, List<QueuedEvent>> bySurface = new LinkedHashMap<>();
        for (QueuedEvent event : batch) {
            bySurface.computeIfAbsent(event.surface(), s -> new ArrayList<>()).add(event);
        }
        List<List<QueuedEvent>> requests = new ArrayList<>();
        for (var entry : bySurface.entrySet()) {
            List<QueuedEvent> events = entry.getValue();
            int size = Math.min(settings.batchSize(), entry.getKey().maxBatch());
            for (int from = 0; from < events.size(); from += size) {
                requests.add(events.subList(from, Math.min(events.size(), from + size)));
            }
        }
        if (pool == null || requests.size() == 1) {
            for (List<QueuedEvent> request : requests) {
                if (send(request) == Outcome.ABORTED) {
                    return Outcome.ABORTED;
                }
            }
            return Outcome.DONE;
        }
        List<Future<Outcome>> outcomes = new ArrayList<>();
        for (List<QueuedEvent> request : requests) {
            outcomes.add(pool.submit(() -> send(request)));
        }
        Outcome all = Outcome.DONE;
        for (Future<Outcome> outcome : outcomes) {
            try {
                if (outcome.get() == Outcome.ABORTED) {
                    all = Outcome.ABORTED;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort.countDown();
                all = Outcome.ABORTED;
            } catch (ExecutionException e) {
                throw new IllegalStateException("a request failed unexpectedly", e.getCause());
            }
        }
        return all;
    }

    /** Posts one request's events until they are stored, refused for good, or the retry time is spent. */
    private Outcome send(List<QueuedEvent> events) {
        Surface surface = events.get(0).surface();
        String body = surface.body(events);
        long started = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            int status;
            String answer;
            long retryAfter = -1;
            try {
                counters.requests.incrementAndGet();
                HttpResponse<String> response = http.send(request(surface, body),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                status = response.statusCode();
                answer = response.body();
                retryAfter = response.headers().firstValue("Retry-After").map(Sender::seconds).orElse(-1L);
            } catch (IOException e) {
                status = 0;
                answer = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.ABORTED;
            }
            if (status >= 200 && status < 300) {
                stored(events, answer);
                return Outcome.DONE;
            }
            if ((status == 400 || status == 413) && events.size() > 1) {
                // One bad event must not take the rest of an all-or-nothing batch with it: halve until it is alone.
                int half = events.size() / 2;
                if (send(events.subList(0, half)) == Outcome.ABORTED) {
                    return Outcome.ABORTED;
                }
                return send(events.subList(half, events.size()));
            }
            if (!retryable(status)) {
                drop(events, DropReason.REJECTED, status + " " + answer);
                return Outcome.DONE;
            }
            long wait = settings.backoff().delayMillis(attempt, retryAfter);
            long spent = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (spent + wait > settings.maxRetryTime().toMillis()) {
                drop(events, DropReason.RETRIES_EXHAUSTED, (status == 0 ? "" : status + " ") + answer);
                return Outcome.DONE;
            }
            counters.retries.incrementAndGet();
            try {
                if (abort.await(wait, TimeUnit.MILLISECONDS)) {
                    return Outcome.ABORTED;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.ABORTED;
            }
        }
    }

    /** 408, 429, 5xx and no answer at all may succeed later; every other 4xx would fail again. */
    static boolean retryable(int status) {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }

    /** A 2xx: GoodLogs may still have refused some items, which it names by index. */
    private void stored(List<QueuedEvent> events, String answer) {
        long rejected = events.get(0).surface().partial() ? Json.number(answer, "rejected") : 0;
        if (rejected <= 0) {
            counters.sent.addAndGet(events.size());
            return;
        }
        Matcher index = ERROR_INDEX.matcher(answer);
        List<QueuedEvent> refused = new ArrayList<>();
        while (index.find()) {
            int i = Integer.parseInt(index.group(1));
            if (i < events.size()) {
                refused.add(events.get(i));
            }
        }
        counters.sent.addAndGet(events.size() - refused.size());
        drop(refused, DropReason.REJECTED, answer);
    }

    private HttpRequest request(Surface surface, String body) {
        return HttpRequest.newBuilder(URI.create(settings.baseUrl() + surface.path()))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + settings.apiKey())
                .header("Content-Type", "application/json")
                .header("User-Agent", EventlaneClient.USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private void drop(List<QueuedEvent> events, DropReason reason, String detail) {
        for (QueuedEvent event : events) {
            EventlaneClient.report(onDrop, counters, new Dropped(event, reason, detail));
        }
    }

    private void report(RuntimeException e) {
        System.getLogger(Sender.class.getName()).log(System.Logger.Level.ERROR, "the Eventlane sender stopped", e);
    }

    /** {@code Retry-After} in seconds (the only form Eventlane sends); an HTTP date counts as absent. */
    private static long seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim())).toMillis();
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
