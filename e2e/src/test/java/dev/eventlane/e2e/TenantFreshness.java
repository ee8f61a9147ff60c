package dev.eventlane.e2e;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A well-behaved tenant: sends one event every {@link #SEND_INTERVAL}, each of a new user in one funnel, and
 * watches {@code GET /events}, {@code /dau}, {@code /sessions} and {@code /funnel} for them. An event's freshness on
 * an endpoint is the time from its 200 at ingest to the first read that counts it.
 */
final class TenantFreshness implements AutoCloseable {

    static final Duration SEND_INTERVAL = Duration.ofMillis(300);
    static final Duration WATCH_INTERVAL = Duration.ofMillis(250);

    private final Http key;
    private final String ingestUrl;
    private final String run;
    private final Map<String, ToIntFunction<Http>> endpoints = new LinkedHashMap<>();
    /** Acceptance time (nanoTime) of each accepted event, in sending order. */
    private final List<Long> accepted = new ArrayList<>();
    /** Per endpoint, the freshness of each event counted so far, in ms. */
    private final Map<String, List<Long>> freshness = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> readFailures = new ConcurrentHashMap<>();
    private final AtomicInteger sendFailures = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "tenant-b");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> sending;
    private volatile String lastFailure = "";

    TenantFreshness(Http key, String ingestUrl, String queryUrl, String run, Instant since) {
        this.key = key;
        this.ingestUrl = ingestUrl;
        this.run = run;
        String funnel = funnel();
        LocalDate day = LocalDate.ofInstant(since, ZoneOffset.UTC);
        String days = "from=" + day.minusDays(1) + "&to=" + day.plusDays(2);
        String instants = "from=" + since.minus(Duration.ofHours(1)) + "&to=" + since.plus(Duration.ofDays(2));
        endpoints.put("GET /events", b -> ok(b.get(queryUrl + "/events?limit=1000&funnel=" + funnel))
                .get("events").size());
        endpoints.put("/dau", b -> {
            int users = 0;
            for (JsonNode d : ok(b.get(queryUrl + "/dau?" + days)).get("days")) {
                users += d.get("users").asInt();
            }
            return users;
        });
        endpoints.put("/sessions", b -> ok(b.get(queryUrl + "/sessions?limit=1&" + instants)).get("count").asInt());
        endpoints.put("/funnel", b -> {
            Http.Reply reply = b.get(queryUrl + "/funnel?funnel=" + funnel + "&" + instants);
            return reply.status() == 404 ? 0 : ok(reply).get("steps").get(0).get("users").asInt();
        });
        endpoints.keySet().forEach(e -> {
            freshness.put(e, new ArrayList<>());
            readFailures.put(e, new AtomicInteger());
        });
    }

    /** The id of B's event number {@code n}; project A sends some of them too. */
    String eventId(int n) {
        return "b-" + run + "-" + n;
    }

    void start() {
        sending = threads.scheduleAtFixedRate(this::send, 0, SEND_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        threads.scheduleWithFixedDelay(this::watch, 0, WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stopSending() {
        sending.cancel(false);
    }

    int accepted() {
        synchronized (accepted) {
            return accepted.size();
        }
    }

    /** How many of the accepted events every endpoint counts. */
    int visibleEverywhere() {
        return freshness.values().stream().mapToInt(TenantFreshness::size).min().orElse(0);
    }

    /** Whether every endpoint counts every accepted event. */
    boolean allVisible() {
        int sent = accepted();
        return freshness.values().stream().allMatch(f -> size(f) >= sent);
    }

    /** Per endpoint, the largest freshness of an event seen so far, in ms. */
    Map<String, Long> maxFreshnessMs() {
        Map<String, Long> max = new LinkedHashMap<>();
        freshness.forEach((e, f) -> {
            synchronized (f) {
                max.put(e, f.stream().mapToLong(Long::longValue).max().orElse(-1));
            }
        });
        return max;
    }

    /**
     * Per endpoint, the largest freshness and when its event was accepted, in seconds after {@code originNanos}
     * (a {@link System#nanoTime()}): to line up a slow moment with what was sent then.
     */
    Map<String, String> worst(long originNanos) {
        Map<String, String> worst = new LinkedHashMap<>();
        freshness.forEach((e, f) -> {
            synchronized (f) {
                int at = 0;
                for (int i = 1; i < f.size(); i++) {
                    at = f.get(i) > f.get(at) ? i : at;
                }
                if (!f.isEmpty()) {
                    worst.put(e, f.get(at) + " ms, accepted at " + (acceptedAt(at) - originNanos) / 1_000_000 + " ms");
                }
            }
        });
        return worst;
    }

    /** Per endpoint, the median freshness in ms. */
    Map<String, Long> medianFreshnessMs() {
        Map<String, Long> median = new LinkedHashMap<>();
        freshness.forEach((e, f) -> {
            synchronized (f) {
                median.put(e, f.isEmpty() ? -1 : f.stream().sorted().toList().get(f.size() / 2));
            }
        });
        return median;
    }

    /** Sends refused for another reason than a 503 (which is retried). */
    int sendFailures() {
        return sendFailures.get();
    }

    Map<String, Integer> readFailures() {
        Map<String, Integer> failures = new LinkedHashMap<>();
        readFailures.forEach((e, n) -> failures.put(e, n.get()));
        return failures;
    }

    String lastFailure() {
        return lastFailure;
    }

    /** Per endpoint, events counted of those accepted, and failed reads; for failure messages. */
    String status() {
        int sent = accepted();
        StringBuilder status = new StringBuilder("accepted " + sent);
        freshness.forEach((e, f) -> status.append(", ").append(e).append(' ').append(size(f)).append(" (")
                .append(readFailures.get(e).get()).append(" failed reads)"));
        return status.append(", ").append(unavailable.get()).append(" sends answered 503 and retried, ")
                .append(sendFailures.get()).append(" failed sends; last failure: ")
                .append(lastFailure).toString();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    private String funnel() {
        return "b-" + run;
    }

    private void send() {
        int n = accepted();
        try {
            Http.Reply reply = key.post(ingestUrl + "/ingest", "{\"action\":\"open\",\"user_id\":\"b-" + run + "-u"
                    + n + "\",\"funnel\":\"" + funnel() + "\",\"event_id\":\"" + eventId(n) + "\"}");
            if (reply.status() == 200) {
                synchronized (accepted) {
                    accepted.add(System.nanoTime());
                }
            } else if (reply.status() == 503) {
                // Kafka did not acknowledge in time (a loaded machine): sent again next time, as SDKs retry.
                unavailable.incrementAndGet();
            } else {
                sendFailures.incrementAndGet();
                lastFailure = "ingest " + reply.status() + " " + reply.body();
            }
        } catch (RuntimeException e) {
            sendFailures.incrementAndGet();
            lastFailure = "ingest " + e;
        }
    }

    /** Reads every endpoint once; each event newly counted gets its freshness. */
    private void watch() {
        endpoints.forEach((name, count) -> {
            int sent = accepted();
            int visible;
            try {
                visible = count.applyAsInt(key);
            } catch (RuntimeException e) {
                readFailures.get(name).incrementAndGet();
                lastFailure = name + " " + e.getMessage();
                return;
            }
            long at = System.nanoTime();
            List<Long> f = freshness.get(name);
            synchronized (f) {
                for (int i = f.size(); i < Math.min(visible, sent); i++) {
                    f.add((at - acceptedAt(i)) / 1_000_000);
                }
            }
        });
    }

    private long acceptedAt(int i) {
        synchronized (accepted) {
            return accepted.get(i);
        }
    }

    private static int size(List<Long> list) {
        synchronized (list) {
            return list.size();
        }
    }

    private static JsonNode ok(Http.Reply reply) {
        if (reply.status() != 200) {
            throw new IllegalStateException("answered " + reply.status() + ": " + reply.body());
        }
        return reply.body();
    }
}
