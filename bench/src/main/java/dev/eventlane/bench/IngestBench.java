package dev.eventlane.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Ingest throughput (batched and single), and end-to-end freshness at a held rate. */
final class IngestBench {

    record Freshness(double targetRate, double achievedRate, long markers, long seen, Latencies latencies) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often a held-rate run plants a marker whose visibility is timed. */
    private static final Duration MARKER_EVERY = Duration.ofMillis(100);
    private static final Duration POLL_EVERY = Duration.ofMillis(20);

    private final HttpLoad http;
    private final String ingestUrl;
    private final String queryUrl;
    private final EventGenerator generator;

    IngestBench(HttpLoad http, String ingestUrl, String queryUrl, EventGenerator generator) {
        this.http = http;
        this.ingestUrl = ingestUrl;
        this.queryUrl = queryUrl;
        this.generator = generator;
    }

    HttpLoad.Result batched(long events, int inFlight, Duration limit) throws InterruptedException {
        return http.closedLoop(ingestUrl + "/ingest/batch", () -> batch(100), 100, events / 100, inFlight, limit);
    }

    HttpLoad.Result single(long requests, int inFlight, Duration limit) throws InterruptedException {
        return http.closedLoop(ingestUrl + "/ingest", this::one, 1, requests, inFlight, limit);
    }

    /**
     * Sends {@code rate} events/s in batches of 100 for {@code duration}; every {@link #MARKER_EVERY} one event is a
     * marker (funnel {@code fresh-<run>}), and the time from its 2xx to its first appearance in
     * {@code GET /events} is recorded. One query per poll finds every visible marker, so measuring adds almost no
     * load of its own.
     */
    Freshness heldRate(int rate, Duration duration, String run) throws InterruptedException {
        int perBatch = 100;
        long periodMicros = Math.max(1, 1_000_000L * perBatch / rate);
        long markerEveryTicks = Math.max(1, MARKER_EVERY.toNanos() / 1000 / periodMicros);
        String markerFunnel = "fresh-" + run;
        Map<String, Long> pending = new ConcurrentHashMap<>();
        Latencies latencies = new Latencies();
        AtomicLong accepted = new AtomicLong();
        AtomicLong ticks = new AtomicLong();
        AtomicLong markers = new AtomicLong();
        Semaphore inFlight = new Semaphore(256);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        long started = System.nanoTime();
        scheduler.scheduleAtFixedRate(() -> {
            long tick = ticks.getAndIncrement();
            if (!inFlight.tryAcquire()) {
                return;
            }
            String marker = tick % markerEveryTicks == 0 ? markerFunnel + "-" + markers.incrementAndGet() : null;
            String body = batchWithMarker(perBatch, marker, markerFunnel);
            http.post(ingestUrl + "/ingest/batch", body).whenComplete((response, error) -> {
                inFlight.release();
                if (error == null && response.statusCode() == 200) {
                    accepted.addAndGet(perBatch);
                    if (marker != null) {
                        pending.put(marker, System.nanoTime());
                    }
                }
            });
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        long end = started + duration.toNanos();
        while (System.nanoTime() < end) {
            pollMarkers(markerFunnel, pending, latencies);
        }
        scheduler.shutdownNow();
        double seconds = (System.nanoTime() - started) / 1e9;
        long drainUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!pending.isEmpty() && System.nanoTime() < drainUntil) {
            pollMarkers(markerFunnel, pending, latencies);
        }
        return new Freshness(rate, accepted.get() / seconds, markers.get(), latencies.count(), latencies);
    }

    private void pollMarkers(String funnel, Map<String, Long> pending, Latencies latencies) {
        if (!pending.isEmpty()) {
            JsonNode page = HttpLoad.join(http.get(queryUrl + "/events?limit=1000&funnel=" + funnel)
                    .thenApply(r -> parse(r.bodyAsString())));
            long now = System.nanoTime();
            for (JsonNode event : page.path("events")) {
                Long acked = pending.remove(event.path("user_id").asText());
                if (acked != null) {
                    latencies.record(now - acked);
                }
            }
        }
        LockSupport.parkNanos(POLL_EVERY.toNanos());
    }

    /** Loads events in batches of 100 as fast as the pipeline takes them, until {@code events} were accepted. */
    HttpLoad.Result load(long events, int inFlight) throws InterruptedException {
        return http.closedLoop(ingestUrl + "/ingest/batch", () -> batch(100), 100, events / 100, inFlight,
                Duration.ofHours(6));
    }

    private String batch(int size) {
        return batchWithMarker(size, null, null);
    }

    private synchronized String batchWithMarker(int size, String marker, String markerFunnel) {
        StringBuilder body = new StringBuilder(size * 260).append("{\"events\":[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                body.append(',');
            }
            SimEvent event = generator.next();
            if (marker != null && i == 0) {
                event = new SimEvent(marker, "marker", marker, markerFunnel, marker, "Web", event.tsMs(), -1);
            }
            event.appendJson(body);
        }
        return body.append("]}").toString();
    }

    private synchronized String one() {
        return generator.next().json();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }
}
