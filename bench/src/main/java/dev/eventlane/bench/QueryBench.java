package dev.eventlane.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Latency of the analyst endpoints on the loaded dataset, each query repeated sequentially. */
final class QueryBench {

    /** @param status HTTP status of the endpoint (404 until the endpoint lands) */
    record QueryLatency(String query, int status, int runs, double p50Ms, double p99Ms) {
    }

    private final HttpLoad http;
    private final String queryUrl;

    QueryBench(HttpLoad http, String queryUrl) {
        this.http = http;
        this.queryUrl = queryUrl;
    }

    static Map<String, String> queries() {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("/events", "/events?limit=100");
        queries.put("/events?action", "/events?action=purchase&limit=100");
        queries.put("/events?user_id", "/events?user_id=u42&limit=100");
        queries.put("/events?from&to", "/events?from=2026-10-02T00:00:00Z&to=2026-10-03T00:00:00Z&limit=100");
        queries.put("/sessions", "/sessions?range=all&limit=100");
        queries.put("/sessions?user_id", "/sessions?range=all&user_id=u42");
        queries.put("/funnels", "/funnels");
        queries.put("/funnel", "/funnel?funnel=checkout&range=all");
        queries.put("/funnel?window=30m", "/funnel?funnel=checkout&range=all&window=30m");
        queries.put("/retention", "/retention?interval=day&range=all");
        queries.put("/retention?week", "/retention?interval=week&range=all");
        queries.put("/dau", "/dau?range=all");
        queries.put("/revenue", "/revenue?range=all");
        return queries;
    }

    /** A slow query stops repeating after this long (at least {@link #MIN_RUNS} runs), to keep the bench bounded. */
    private static final long BUDGET_NANOS = 30_000_000_000L;
    private static final int MIN_RUNS = 5;

    List<QueryLatency> run(int runs) {
        return queries().entrySet().stream().map(q -> time(q.getKey(), q.getValue(), runs)).toList();
    }

    private QueryLatency time(String name, String path, int runs) {
        int status = HttpLoad.join(http.get(queryUrl + path)).statusCode();
        if (status != 200) {
            return new QueryLatency(name, status, 0, Double.NaN, Double.NaN);
        }
        Latencies latencies = new Latencies();
        long started = System.nanoTime();
        int done = 0;
        while (done < runs && (done < MIN_RUNS || System.nanoTime() - started < BUDGET_NANOS)) {
            long t0 = System.nanoTime();
            HttpLoad.join(http.get(queryUrl + path));
            latencies.record(System.nanoTime() - t0);
            done++;
        }
        return new QueryLatency(name, status, done, latencies.percentileMs(50), latencies.percentileMs(99));
    }
}
