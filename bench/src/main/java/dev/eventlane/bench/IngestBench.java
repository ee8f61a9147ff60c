package dev.eventlane.bench;

import java.time.Duration;
import java.time.Instant;
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

    /**
     * @param latencies from a marker's 2xx to its event in {@code GET /events} (raw events sink)
     * @param sessionLatencies from a marker's 2xx to its session in {@code GET /sessions} (analytics stage and its
     *     sink)
     */
    record Freshness(double targetRate, double achievedRate, long markers, long seen, Latencies latencies,
            long sessionsSeen, Latencies sessionLatencies) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often a held-rate run plants a marker whose visibility is timed. */
    private static final Duration MARKER_EVERY = Duration.ofMillis(100);
    private static final Duration POLL_EVERY = Duration.ofMillis(20);
    /** Markers carry event times from here on, an hour per held-rate run, before the generated events' times. */
    private static final Instant MARKER_TIMES = Instant.parse("2026-09-01T00:00:00Z");

    private final HttpLoad http;
    private final String ingestUrl;
    private final String queryUrl;
    private final EventGenerator generator;
    private int heldRuns;

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
     * {@code GET /events} is recorded, and to its session's first appearance in {@code GET /sessions}. The markers of
     * a run have event times in an hour of their own: one query per poll and endpoint finds every visible marker, so
     * measuring adds almost no load of its own.
     */
    Freshness heldRate(int rate, Duration duration, String run) throws InterruptedException {
        int perBatch = 100;
        long periodMicros = Math.max(1, 1_000_000L * perBatch / rate);
        long markerEveryTicks = Math.max(1, MARKER_EVERY.toNanos() / 1000 / periodMicros);
        String markerFunnel = "fresh-" + run;
        Instant markerHour = MARKER_TIMES.plus(Duration.ofHours(heldRuns++));
        Map<String, Long> pending = new ConcurrentHashMap<>();
        Map<String, Long> pendingSessions = new ConcurrentHashMap<>();
        Latencies latencies = new Latencies();
        Latencies sessionLatencies = new Latencies();
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
            long markerIndex = tick % markerEveryTicks == 0 ? markers.incrementAndGet() : 0;
            String marker = markerIndex > 0 ? markerFunnel + "-" + markerIndex : null;
            String body = batchWithMarker(perBatch, marker, markerFunnel, markerHour.toEpochMilli() + markerIndex);
            http.post(ingestUrl + "/ingest/batch", body).whenComplete((response, error) -> {
                inFlight.release();
                if (error == null && response.statusCode() == 200) {
                    accepted.addAndGet(perBatch);
                    if (marker != null) {
                        long acked = System.nanoTime();
                        pending.put(marker, acked);
                        pendingSessions.put(marker, acked);
                    }
                }
            });
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        long end = started + duration.toNanos();
        String events = "/events?limit=1000&funnel=" + markerFunnel;
        String sessions = "/sessions?limit=1000&from=" + markerHour + "&to=" + markerHour.plus(Duration.ofHours(1));
        while (System.nanoTime() < end) {
            pollMarkers(events, "events", "user_id", pending, latencies);
            pollMarkers(sessions, "sessions", "session_id", pendingSessions, sessionLatencies);
            LockSupport.parkNanos(POLL_EVERY.toNanos());
        }
        scheduler.shutdownNow();
        double seconds = (System.nanoTime() - started) / 1e9;
        long drainUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((!pending.isEmpty() || !pendingSessions.isEmpty()) && System.nanoTime() < drainUntil) {
            pollMarkers(events, "events", "user_id", pending, latencies);
            pollMarkers(sessions, "sessions", "session_id", pendingSessions, sessionLatencies);
            LockSupport.parkNanos(POLL_EVERY.toNanos());
        }
        return new Freshness(rate, accepted.get() / seconds, markers.get(), latencies.count(), latencies,
                sessionLatencies.count(), sessionLatencies);
    }

    /** Reads one page of {@code path} and times the pending markers it shows ({@code field} of each item). */
    private void pollMarkers(String path, String items, String field, Map<String, Long> pending,
            Latencies latencies) {
        if (!pending.isEmpty()) {
            JsonNode page = HttpLoad.join(http.get(queryUrl + path).thenApply(r -> parse(r.bodyAsString())));
            long now = System.nanoTime();
            for (JsonNode item : page.path(items)) {
                Long acked = pending.remove(item.path(field).asText());
                if (acked != null) {
                    latencies.record(now - acked);
                }
            }
        }
    }

    /** Loads events in batches of 100 as fast as the pipeline takes them, until {@code events} were accepted. */
    HttpLoad.Result load(long events, int inFlight) throws InterruptedException {
        return http.closedLoop(ingestUrl + "/ingest/batch", () -> batch(100), 100, events / 100, inFlight,
                Duration.ofHours(6));
    }

    private String batch(int size) {
        return batchWithMarker(size, null, null, 0);
    }

    private synchronized String batchWithMarker(int size, String marker, String markerFunnel, long markerTimeMs) {
        StringBuilder body = new StringBuilder(size * 260).append("{\"events\":[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                body.append(',');
            }
            SimEvent event = generator.next();
            if (marker != null && i == 0) {
                event = new SimEvent(marker, "marker", marker, markerFunnel, marker, "Web", markerTimeMs, -1);
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
