package dev.eventlane.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;

/**
 * Latency of the analyst endpoints on the loaded dataset, each query repeated sequentially: the LogLogic read API,
 * then GoodLogs' GQL (aggregates and searches over the last 30 days, which hold the dataset) and its autocomplete.
 */
final class QueryBench {

    /** What a query's figure is held to: none, or its p50 or p99 at most some milliseconds. */
    record Target(String percentile, double ms) {

        static final Target NONE = new Target("", 0);

        static Target p50(double ms) {
            return new Target("p50", ms);
        }

        static Target p99(double ms) {
            return new Target("p99", ms);
        }

        String text() {
            return percentile.isEmpty() ? "" : percentile + " <= " + (long) ms + " ms";
        }

        Boolean met(double p50Ms, double p99Ms) {
            return percentile.isEmpty() ? null : ("p50".equals(percentile) ? p50Ms : p99Ms) <= ms;
        }
    }

    /** One measured request: a GET of {@code path}, or a POST of {@code body} to it when a body is given. */
    record Query(String name, String path, String body, Target target) {
    }

    /** @param status HTTP status of the endpoint (404 until the endpoint lands) */
    record QueryLatency(String query, int status, int runs, double p50Ms, double p99Ms, String target, Boolean met) {
    }

    private final HttpLoad http;
    private final String queryUrl;
    private final Instant start;

    /** @param start where the dataset's event times begin */
    QueryBench(HttpLoad http, String queryUrl, Instant start) {
        this.http = http;
        this.queryUrl = queryUrl;
        this.start = start;
    }

    List<Query> queries() {
        String day2 = "from=" + start.plus(Duration.ofDays(1)) + "&to=" + start.plus(Duration.ofDays(2));
        Target analytic = Target.p50(100);
        List<Query> queries = new ArrayList<>();
        queries.add(get("/events", "/events?limit=100", Target.NONE));
        queries.add(get("/events?action", "/events?action=purchase&limit=100", Target.NONE));
        queries.add(get("/events?user_id", "/events?user_id=u42&limit=100", Target.NONE));
        queries.add(get("/events?from&to", "/events?" + day2 + "&limit=100",
                Target.NONE));
        queries.add(get("/sessions", "/sessions?range=all&limit=100", analytic));
        queries.add(get("/sessions?user_id", "/sessions?range=all&user_id=u42", analytic));
        queries.add(get("/funnels", "/funnels", analytic));
        queries.add(get("/funnel", "/funnel?funnel=checkout&range=all", analytic));
        queries.add(get("/funnel?window=30m", "/funnel?funnel=checkout&range=all&window=30m", analytic));
        queries.add(get("/retention", "/retention?interval=day&range=all", analytic));
        queries.add(get("/retention?week", "/retention?interval=week&range=all", analytic));
        queries.add(get("/dau", "/dau?range=all", analytic));
        queries.add(get("/revenue", "/revenue?range=all", analytic));
        Target aggregate = Target.p50(200);
        queries.add(gql("GQL count, 30 d", "from:events | count | last 30d", aggregate));
        queries.add(gql("GQL count by event_name top 10, 30 d",
                "from:events | count by event_name | top 10 | last 30d", aggregate));
        queries.add(gql("GQL count_distinct(distinct_id), 30 d",
                "from:events | count_distinct(distinct_id) | last 30d", aggregate));
        queries.add(gql("GQL purchases by 1d, 30 d", "from:events event_name:purchase | count by 1d | last 30d",
                aggregate));
        Target search = Target.p50(100);
        queries.add(gql("GQL search event_name:purchase, 30 d", "from:events event_name:purchase last 30d",
                search));
        queries.add(gql("GQL search distinct_id:u42, 30 d", "from:events distinct_id:u42 last 30d", search));
        Target suggest = Target.p99(50);
        queries.add(autocomplete("GQL autocomplete: a field", "from:events | count by ", suggest));
        queries.add(autocomplete("GQL autocomplete: event_name values", "from:events event_name:", suggest));
        return queries;
    }

    private static Query get(String name, String path, Target target) {
        return new Query(name, path, null, target);
    }

    private static Query gql(String name, String gql, Target target) {
        return new Query(name, "/v1/gql/query", "{\"q\":\"" + gql + "\"}", target);
    }

    private static Query autocomplete(String name, String text, Target target) {
        return new Query(name, "/v1/gql/autocomplete?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
                + "&cursor=" + text.length(), null, target);
    }

    /** A slow query stops repeating after this long (at least {@link #MIN_RUNS} runs), to keep the bench bounded. */
    private static final long BUDGET_NANOS = 30_000_000_000L;
    private static final int MIN_RUNS = 5;

    List<QueryLatency> run(int runs) {
        return queries().stream().map(q -> time(q, runs)).toList();
    }

    private CompletionStage<HttpResponse<Buffer>> send(Query query) {
        return query.body() == null ? http.get(queryUrl + query.path()) : http.post(queryUrl + query.path(),
                query.body());
    }

    private QueryLatency time(Query query, int runs) {
        HttpResponse<Buffer> first = HttpLoad.join(send(query));
        if (first.statusCode() != 200) {
            System.out.println("    " + query.name() + ": HTTP " + first.statusCode() + " " + first.bodyAsString());
            return new QueryLatency(query.name(), first.statusCode(), 0, Double.NaN, Double.NaN,
                    query.target().text(), query.target().percentile().isEmpty() ? null : false);
        }
        Latencies latencies = new Latencies();
        long started = System.nanoTime();
        int done = 0;
        while (done < runs && (done < MIN_RUNS || System.nanoTime() - started < BUDGET_NANOS)) {
            long t0 = System.nanoTime();
            HttpLoad.join(send(query));
            latencies.record(System.nanoTime() - t0);
            done++;
        }
        double p50 = latencies.percentileMs(50);
        double p99 = latencies.percentileMs(99);
        return new QueryLatency(query.name(), 200, done, p50, p99, query.target().text(),
                query.target().met(p50, p99));
    }
}
