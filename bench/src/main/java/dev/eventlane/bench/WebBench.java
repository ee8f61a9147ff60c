package dev.eventlane.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;

/**
 * {@code ./eventlane bench --web}: the web analytics (Loguro) read API on a dataset of page views over 90 days, and
 * the freshness of {@code /recent-events} while the tracker's collection takes a held rate. Runs in a project of its
 * own, made through the control plane as the stack's admin, on the top plan (no quota, nothing purged).
 */
final class WebBench {

    /** Sizes of a web run. */
    record Plan(long pageviews, long visitors, int queryRuns, int rate, long heldSeconds, long seed) {

        static Plan of(Map<String, String> args) {
            boolean quick = args.containsKey("quick");
            long pageviews = Long.parseLong(args.getOrDefault("web-pageviews", quick ? "200000" : "10000000"));
            // The full dataset's proportion: 50 page views per visitor.
            long visitors = Long.parseLong(args.getOrDefault("web-visitors", Long.toString(Math.max(100,
                    pageviews / 50))));
            int runs = Integer.parseInt(args.getOrDefault("web-query-runs", quick ? "20" : "100"));
            return new Plan(pageviews, visitors, runs, Integer.parseInt(args.getOrDefault("web-rate",
                    "5000")), Long.parseLong(args.getOrDefault("web-held-seconds", quick ? "15" : "60")),
                    Long.parseLong(args.getOrDefault("seed", "20261207")));
        }
    }

    record QueryLatency(String endpoint, String range, String filter, int status, int runs, double p50Ms,
            double p99Ms) {
    }

    record Freshness(double targetRate, double achievedRate, long failures, long markers, long seen,
            double p50Ms, double p99Ms) {
    }

    /** The 18 read endpoints. */
    static final List<String> ENDPOINTS = List.of("", "/count", "/kpis", "/timeseries", "/top-pages",
            "/top-referrers", "/top-countries", "/top-locations", "/top-browsers", "/top-os", "/top-devices",
            "/top-entry-pages", "/top-exit-pages", "/top-flows", "/custom-events", "/recent-events",
            "/visitor/" + WebLoad.ulid(42, 'V'), "/visitor/" + WebLoad.ulid(42, 'V') + "/sessions");
    /** A filter on fields of single events (the sessions' figures are then computed from the events). */
    static final String FILTER = "country:US|DE !device:tablet";
    private static final Duration PERIOD = Duration.ofDays(90);
    private static final Duration MARKER_EVERY = Duration.ofMillis(100);
    private static final long BUDGET_NANOS = 30_000_000_000L;
    private static final int MIN_RUNS = 5;
    private static final int MAX_IN_FLIGHT = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StackInfo stack;
    private final ClickHouseClient clickhouse;
    private final Plan plan;
    private final String run;

    WebBench(StackInfo stack, ClickHouseClient clickhouse, Plan plan, String run) {
        this.stack = stack;
        this.clickhouse = clickhouse;
        this.plan = plan;
        this.run = run;
    }

    /** The project the run writes to: its id, slug and a public key. */
    record Project(String id, String slug, String publicKey) {
    }

    Project createProject() throws Exception {
        String jwt;
        try (HttpLoad anonymous = new HttpLoad(1, "none")) {
            jwt = json(HttpLoad.join(anonymous.post(stack.queryUrl() + "/api/auth/login", JSON.writeValueAsString(
                    Map.of("email", stack.get("EVENTLANE_ADMIN_EMAIL"), "password",
                            stack.get("EVENTLANE_ADMIN_PASSWORD")))))).path("token").asText();
        }
        try (HttpLoad admin = new HttpLoad(1, jwt)) {
            String org = stack.get("EVENTLANE_ORG_ID");
            String slug = "bench-web-" + run;
            String id = json(HttpLoad.join(admin.post(stack.queryUrl() + "/api/orgs/" + org + "/projects",
                    JSON.writeValueAsString(Map.of("name", "Bench web " + run, "slug", slug, "plan", "brother")))))
                    .path("id").asText();
            String key = json(HttpLoad.join(admin.post(stack.queryUrl() + "/api/orgs/" + org + "/projects/" + id
                    + "/keys", "{\"name\":\"bench web\",\"type\":\"public\"}"))).path("key").asText();
            if (id.isEmpty() || key.isEmpty()) {
                throw new IllegalStateException("could not create the web bench project");
            }
            return new Project(id, slug, key);
        }
    }

    /**
     * Waits until ClickHouse holds every loaded event and the stream's sessions of them. The stored counts are read
     * only while the pipeline looks idle (its offsets and sinks, read cheaply): counting millions of sessions every
     * few seconds would take the CPU the pipeline needs.
     */
    void awaitStored(Project project, WebLoad.Loaded loaded, AnalyticsLag pipeline, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String p = Sql.quote(project.id());
        while (System.nanoTime() < deadline) {
            if (pipeline.streamsLag() == 0 && pipeline.sinksLag() == 0) {
                long events = Long.parseLong(clickhouse.selectOne("SELECT count() FROM web_events WHERE project_id = "
                        + p));
                String[] sessions = clickhouse.select("SELECT count(), sum(c) FROM (SELECT session_id,"
                        + " argMax(event_count, version) AS c FROM web_sessions WHERE project_id = " + p
                        + " GROUP BY session_id)").get(0);
                if (events >= loaded.events() && Long.parseLong(sessions[0]) >= loaded.sessions()
                        && Long.parseLong(sessions[1]) >= loaded.events()) {
                    return;
                }
            }
            LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
        }
        System.out.println("    (not everything was stored within " + limit + "; measuring anyway)");
    }

    /** Every endpoint for range 7d and all, without and with {@link #FILTER}. */
    List<QueryLatency> queries(Project project) {
        List<QueryLatency> all = new ArrayList<>();
        try (HttpLoad reader = new HttpLoad(4, stack.get("EVENTLANE_PAT"))) {
            for (String endpoint : ENDPOINTS) {
                for (String range : List.of("7d", "all")) {
                    for (String filter : List.of("", FILTER)) {
                        all.add(time(reader, project, endpoint, range, filter));
                    }
                }
            }
        }
        return all;
    }

    private QueryLatency time(HttpLoad reader, Project project, String endpoint, String range, String filter) {
        String url = stack.queryUrl() + "/api/web-events/" + project.slug() + endpoint + "?range=" + range
                + (filter.isEmpty() ? "" : "&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        int status = HttpLoad.join(reader.get(url)).statusCode();
        if (status != 200) {
            return new QueryLatency(name(endpoint), range, filter, status, 0, Double.NaN, Double.NaN);
        }
        Latencies latencies = new Latencies();
        long started = System.nanoTime();
        int done = 0;
        while (done < plan.queryRuns() && (done < MIN_RUNS || System.nanoTime() - started < BUDGET_NANOS)) {
            long t0 = System.nanoTime();
            HttpLoad.join(reader.get(url));
            latencies.record(System.nanoTime() - t0);
            done++;
        }
        return new QueryLatency(name(endpoint), range, filter, status, done, latencies.percentileMs(50),
                latencies.percentileMs(99));
    }

    private static String name(String endpoint) {
        return endpoint.isEmpty() ? "(list)" : endpoint.replace(WebLoad.ulid(42, 'V'), "{id}");
    }

    /**
     * Page views through {@code POST /collect} at the plan's rate for its held seconds; every 100 ms one is a custom
     * event (the only ones of the run), and the time from its 202 to its first appearance in {@code /recent-events}
     * is recorded (one poll every 20 ms finds every visible marker).
     */
    Freshness freshness(Project project) throws Exception {
        Map<String, Long> pending = new ConcurrentHashMap<>();
        Latencies seenAfter = new Latencies();
        AtomicLong markers = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
        String collect = stack.ingestUrl() + "/collect";
        String recent = stack.queryUrl() + "/api/web-events/" + project.slug()
                + "/recent-events?windowMs=300000&limit=500&filter=event_type:custom";
        long seenCount;
        try (HttpLoad collector = new HttpLoad(128, project.publicKey(), BROWSER);
                HttpLoad reader = new HttpLoad(2, stack.get("EVENTLANE_PAT"))) {
            long periodNanos = 1_000_000_000L / plan.rate();
            long markerEvery = Math.max(1, MARKER_EVERY.toNanos() / periodNanos);
            long started = System.nanoTime();
            long end = started + Duration.ofSeconds(plan.heldSeconds()).toNanos();
            Thread poller = new Thread(() -> poll(reader, recent, pending, seenAfter), "web-freshness-poller");
            poller.setDaemon(true);
            poller.start();
            for (long tick = 0; System.nanoTime() < end; tick++) {
                long due = started + tick * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                // Open loop, but bounded: beyond this many unanswered requests the machine is the limit.
                if (!inFlight.tryAcquire(1, java.util.concurrent.TimeUnit.SECONDS)) {
                    continue;
                }
                boolean marker = tick % markerEvery == 0;
                String name = marker ? "fresh-" + run + "-" + markers.incrementAndGet() : null;
                String body = collectBody(tick, name);
                collector.post(collect, body).whenComplete((response, error) -> {
                    inFlight.release();
                    if (error != null || response.statusCode() != 202) {
                        failures.incrementAndGet();
                    } else {
                        sent.incrementAndGet();
                        if (name != null) {
                            pending.put(name, System.nanoTime());
                        }
                    }
                });
            }
            inFlight.tryAcquire(MAX_IN_FLIGHT, 60, java.util.concurrent.TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
            poller.interrupt();
            seenCount = seenAfter.count();
            return new Freshness(plan.rate(), sent.get() / seconds, failures.get(), markers.get(), seenCount,
                    seenAfter.percentileMs(50), seenAfter.percentileMs(99));
        }
    }

    private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/131.0.0.0 Safari/537.36";

    private String collectBody(long tick, String marker) {
        String visitor = WebLoad.ulid(tick % 5_000, 'F');
        String session = WebLoad.ulid(tick % 5_000, 'G');
        return marker == null
                ? "{\"type\":\"pageview\",\"url\":\"https://bench.example/live/" + tick % 50 + "\",\"visitor_id\":\""
                        + visitor + "\",\"session_id\":\"" + session + "\"}"
                : "{\"type\":\"custom\",\"name\":\"" + marker + "\",\"url\":\"https://bench.example/live\","
                        + "\"visitor_id\":\"" + visitor + "\",\"session_id\":\"" + session + "\"}";
    }

    private static void poll(HttpLoad reader, String url, Map<String, Long> pending, Latencies seenAfter) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                var response = HttpLoad.join(reader.get(url));
                long now = System.nanoTime();
                if (response.statusCode() == 200) {
                    for (JsonNode item : JSON.readTree(response.bodyAsString()).path("items")) {
                        Long acked = pending.remove(item.path("custom_event_name").asText());
                        if (acked != null) {
                            seenAfter.record(Math.max(0, now - acked));
                        }
                    }
                }
            } catch (Exception e) {
                // a failed poll is retried at the next tick
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static JsonNode json(io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> response)
            throws Exception {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("control plane answered " + response.statusCode() + ": "
                    + response.bodyAsString());
        }
        return JSON.readTree(response.bodyAsString());
    }

    /** Runs the whole web bench and returns its report (markdown table and JSON). */
    static Map<String, Object> runAll(StackInfo stack, ClickHouseClient clickhouse, Plan plan, String run)
            throws Exception {
        WebBench bench = new WebBench(stack, clickhouse, plan, run);
        step("Web bench: a project of its own");
        Project project = bench.createProject();
        step("Web bench: loading " + plan.pageviews() + " page views of " + plan.visitors() + " visitors over "
                + PERIOD.toDays() + " days");
        WebLoad.Loaded loaded = new WebLoad(plan.seed(), run, plan.visitors(), PERIOD)
                .write(stack.kafka(), project.id(), plan.pageviews(), Instant.now());
        long storedFrom = System.nanoTime();
        step("Web bench: waiting for web_events and web_sessions to hold it (" + loaded.events() + " events, "
                + loaded.sessions() + " sessions)");
        try (SinkMonitor sinks = new SinkMonitor(stack.streamsUrl());
                AnalyticsLag pipeline = new AnalyticsLag(stack.kafka(), sinks)) {
            bench.awaitStored(project, loaded, pipeline, Duration.ofMinutes(40));
        }
        double storedSeconds = (System.nanoTime() - storedFrom) / 1e9;
        step("Web bench: queries, " + plan.queryRuns() + " runs each");
        List<QueryLatency> queries = bench.queries(project);
        step("Web bench: /recent-events freshness at " + plan.rate() + " events/s for " + plan.heldSeconds() + " s");
        Freshness freshness = bench.freshness(project);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("plan", plan);
        report.put("loaded", loaded);
        report.put("stored_after_load_s", storedSeconds);
        report.put("queries", queries);
        report.put("freshness", freshness);
        report.put("markdown", markdown(loaded, queries, freshness));
        return report;
    }

    static String markdown(WebLoad.Loaded loaded, List<QueryLatency> queries, Freshness f) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Web dataset: %,d events (%,d page views), %,d sessions%n%n", loaded.events(), loaded.pageviews(),
                loaded.sessions()));
        out.append("| endpoint | 7d p50 / p99 ms | 7d filtered | all | all filtered |\n|---|---|---|---|---|\n");
        for (int i = 0; i < queries.size(); i += 4) {
            out.append("| ").append(queries.get(i).endpoint());
            for (int j = i; j < i + 4; j++) {
                QueryLatency q = queries.get(j);
                out.append(" | ").append(q.status() != 200 ? "HTTP " + q.status()
                        : String.format(Locale.ROOT, "%.0f / %.0f", q.p50Ms(), q.p99Ms()));
            }
            out.append(" |\n");
        }
        out.append(String.format(Locale.ROOT, "%n/recent-events freshness: target %.0f events/s, achieved %.0f/s"
                + " (%d refused), markers %d, seen %d, p50 %.0f ms, p99 %.0f ms%n", f.targetRate(), f.achievedRate(),
                f.failures(), f.markers(), f.seen(), f.p50Ms(), f.p99Ms()));
        return out.toString();
    }

    private static void step(String what) {
        System.out.println("==> " + what);
    }
}
