package dev.eventlane.e2e;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import dev.eventlane.platform.time.ShiftedClock;

/**
 * Measures freshness while faults happen: every {@link #EVERY} a marker event (a user of its own, in a project of
 * its own so it changes no number under test) is sent, retried like the load until answered 2xx, and
 * {@code GET /events} is read every {@link #POLL_EVERY} to see when each marker shows. A marker's latency runs from
 * the moment it was meant to be sent (not from its 2xx: a client whose ingest is down waits too) to its first
 * sighting.
 */
final class FreshnessProbe implements AutoCloseable {

    static final Duration EVERY = Duration.ofMillis(500);
    static final Duration POLL_EVERY = Duration.ofMillis(200);
    private static final Duration RETRY_EVERY = Duration.ofMillis(250);

    /** One marker; {@code seenNanos} 0 until it shows in /events. */
    static final class Marker {
        final String id;
        final long intendedNanos;
        volatile long seenNanos;

        Marker(String id, long intendedNanos) {
            this.id = id;
            this.intendedNanos = intendedNanos;
        }

        Duration latency() {
            return seenNanos == 0 ? null : Duration.ofNanos(seenNanos - intendedNanos);
        }
    }

    private final Http http;
    private final List<String> ingestUrls;
    private final AtomicInteger nextUrl = new AtomicInteger();
    private final String eventsUrl;
    private final String user;
    private final Map<String, Marker> markers = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
    /** A marker waiting for its retry holds a thread, as in {@link LoadSender}. */
    private final ExecutorService senders = Executors.newFixedThreadPool(64);

    /** {@code ingestUrls}: the ingest instances, taken in turn by every attempt. */
    FreshnessProbe(Http http, List<String> ingestUrls, String queryUrl, String user) {
        this.http = http;
        this.ingestUrls = ingestUrls.stream().map(url -> url + "/ingest").toList();
        this.eventsUrl = queryUrl + "/events?limit=1000&user_id=" + user;
        this.user = user;
    }

    void start() {
        clock.scheduleAtFixedRate(() -> senders.execute(this::sendMarker), 0, EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        clock.scheduleWithFixedDelay(this::poll, 0, POLL_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends no more markers, and waits (bounded) until every marker sent has shown. */
    List<Marker> stop(Duration atMost) {
        clock.shutdownNow();
        senders.shutdown();
        try {
            Awaitility.await().atMost(atMost).pollInterval(POLL_EVERY).pollInSameThread()
                    .until(() -> senders.isTerminated() && allSeen());
        } catch (ConditionTimeoutException e) {
            // The caller reports the markers never seen.
        }
        List<Marker> all = new ArrayList<>(markers.values());
        all.sort(Comparator.comparingLong(m -> m.intendedNanos));
        return all;
    }

    /**
     * Whether the last {@code count} markers meant at least {@code bound} ago all showed within it: the pipeline is
     * fresh, so what comes next is measured from a settled start and not from the previous fault's backlog.
     */
    boolean fresh(Duration bound, int count) {
        poll();
        long due = System.nanoTime() - bound.toNanos();
        List<Marker> last = markers.values().stream().filter(m -> m.intendedNanos <= due)
                .sorted(Comparator.comparingLong((Marker m) -> m.intendedNanos).reversed()).limit(count).toList();
        return last.size() == count && last.stream()
                .allMatch(m -> m.latency() != null && m.latency().compareTo(bound) <= 0);
    }

    /**
     * How long after {@code sinceNanos} freshness was back within {@code bound} for good: the time until the first
     * marker showed of those meant after it from which on every marker showed within the bound. Null if that never
     * happened.
     */
    static Duration recovery(List<Marker> markers, long sinceNanos, Duration bound) {
        Marker recovered = null;
        for (Marker marker : markers) {
            if (marker.intendedNanos < sinceNanos) {
                continue;
            }
            Duration latency = marker.latency();
            if (latency == null || latency.compareTo(bound) > 0) {
                recovered = null;
            } else if (recovered == null) {
                recovered = marker;
            }
        }
        return recovered == null ? null : Duration.ofNanos(recovered.seenNanos - sinceNanos);
    }

    private boolean allSeen() {
        poll();
        return markers.values().stream().allMatch(m -> m.seenNanos != 0);
    }

    private void sendMarker() {
        long intended = System.nanoTime();
        Marker marker = new Marker(user + "-" + sent.incrementAndGet(), intended);
        markers.put(marker.id, marker);
        String body = "{\"action\":\"marker\",\"user_id\":\"" + user + "\",\"event_id\":\"" + marker.id
                + "\",\"timestamp\":\"" + ShiftedClock.fromSystemProperty().instant() + "\"}";
        try {
            Awaitility.await().atMost(Duration.ofMinutes(10)).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(RETRY_EVERY).until(() -> posted(body));
        } catch (ConditionTimeoutException e) {
            markers.remove(marker.id);
        }
    }

    private boolean posted(String body) {
        try {
            String url = ingestUrls.get(Math.floorMod(nextUrl.getAndIncrement(), ingestUrls.size()));
            return http.post(url, body).status() / 100 == 2;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private synchronized void poll() {
        JsonNode events;
        try {
            Http.Reply reply = http.get(eventsUrl);
            if (reply.status() != 200) {
                return;
            }
            events = reply.body().path("events");
        } catch (RuntimeException e) {
            // query-api down, or the probe stopping: the next poll tries again.
            return;
        }
        long now = System.nanoTime();
        for (JsonNode event : events) {
            Marker marker = markers.get(event.path("event_id").asText());
            if (marker != null && marker.seenNanos == 0) {
                marker.seenNanos = now;
            }
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        senders.shutdownNow();
    }
}
