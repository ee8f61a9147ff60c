import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The log-in flood attack, against a running query-api: {@code requests} log-ins with unknown emails and
 * 128-character passwords, {@code concurrency} at a time, while another tenant reads {@code GET /events?limit=10}
 * in a loop (after five reads that are not counted, which warm the client up). Prints the flood's statuses and the
 * tenant's latencies (p50, p99, max, failures).
 *
 * <p>Run (JDK 17 source-file mode, nothing to build):
 * {@code java bench/tools/LoginFlood.java http://127.0.0.1:8082 <api key> [requests] [concurrency]}
 */
public class LoginFlood {

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        String key = args[1];
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String password = "p".repeat(128);

        AtomicBoolean flooding = new AtomicBoolean(true);
        List<Long> readMillis = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> readFailures = Collections.synchronizedMap(new TreeMap<>());
        // Its own client (own connections and selector thread): the tenant must not queue behind the flood here.
        HttpClient tenantHttp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Thread tenant = new Thread(() -> {
            HttpRequest read = HttpRequest.newBuilder(base.resolve("/events?limit=10")).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + key).GET().build();
            while (flooding.get()) {
                long start = System.nanoTime();
                String outcome;
                try {
                    outcome = Integer.toString(tenantHttp.send(read, HttpResponse.BodyHandlers.discarding())
                            .statusCode());
                } catch (Exception e) {
                    outcome = e.getClass().getSimpleName();
                }
                readMillis.add((System.nanoTime() - start) / 1_000_000);
                if (!outcome.equals("200")) {
                    readFailures.merge(outcome, 1, Integer::sum);
                }
            }
        });
        // A few reads before the flood, not counted: a fresh JVM's first requests (class loading, the first
        // connection) take hundreds of milliseconds even against an idle service.
        warmUp(tenantHttp, HttpRequest.newBuilder(base.resolve("/events?limit=10")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key).GET().build());
        tenant.start();

        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<String>> answers = new ArrayList<>();
        long floodStart = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            String body = "{\"email\":\"nobody-" + UUID.randomUUID() + "@example.com\",\"password\":\"" + password
                    + "\"}";
            HttpRequest login = HttpRequest.newBuilder(base.resolve("/api/auth/login")).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            answers.add(pool.submit(() -> {
                try {
                    HttpResponse<String> response = http.send(login, HttpResponse.BodyHandlers.ofString());
                    return response.statusCode() + (response.headers().firstValue("Retry-After").isPresent()
                            ? " (Retry-After)" : "");
                } catch (Exception e) {
                    return e.getClass().getSimpleName();
                }
            }));
        }
        Map<String, Integer> statuses = new TreeMap<>();
        for (Future<String> answer : answers) {
            statuses.merge(answer.get(), 1, Integer::sum);
        }
        long floodMillis = (System.nanoTime() - floodStart) / 1_000_000;
        flooding.set(false);
        tenant.join();
        pool.shutdown();

        List<Long> sorted = new ArrayList<>(readMillis);
        Collections.sort(sorted);
        System.out.printf("flood: %d log-ins, %d at a time, %d ms; answers %s%n", requests, concurrency, floodMillis,
                statuses);
        System.out.printf("other tenant GET /events: %d reads, p50 %d ms, p99 %d ms, max %d ms, failures %s%n",
                sorted.size(), percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1), readFailures);
    }

    private static void warmUp(HttpClient http, HttpRequest request) throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (java.io.IOException e) {
                // measured again in the run
            }
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
