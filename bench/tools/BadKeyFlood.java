import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bad-key bodies against a running ingest-api: {@code requests} POSTs of 8,000,000-byte bodies with an unknown key,
 * {@code concurrency} at a time, while a good key sends one event at a time. Prints the flood's statuses, the good
 * key's latencies (after five sends that are not counted, which warm the client up) and the largest heap ingest
 * reported on {@code /q/metrics} meanwhile.
 *
 * <p>Run: {@code java bench/tools/BadKeyFlood.java http://127.0.0.1:8080 <good key> [requests] [concurrency]}
 */
public class BadKeyFlood {

    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)");

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        String key = args[1];
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        byte[] body = new byte[8_000_000];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';

        // Its own client (own connections and selector thread): the good key must not queue behind the flood here.
        HttpClient goodHttp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong mostHeap = new AtomicLong();
        List<Long> goodMillis = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> goodFailures = Collections.synchronizedMap(new TreeMap<>());
        Thread good = new Thread(() -> {
            HttpRequest send = HttpRequest.newBuilder(base.resolve("/ingest")).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"probe\",\"user_id\":\"u1\"}")).build();
            while (flooding.get()) {
                long start = System.nanoTime();
                String outcome;
                try {
                    outcome = Integer.toString(goodHttp.send(send, HttpResponse.BodyHandlers.discarding())
                            .statusCode());
                } catch (Exception e) {
                    outcome = e.getClass().getSimpleName();
                }
                goodMillis.add((System.nanoTime() - start) / 1_000_000);
                if (!outcome.equals("200")) {
                    goodFailures.merge(outcome, 1, Integer::sum);
                }
            }
        });
        Thread heap = new Thread(() -> {
            HttpRequest metrics = HttpRequest.newBuilder(base.resolve("/q/metrics")).timeout(Duration.ofSeconds(10))
                    .GET().build();
            while (flooding.get()) {
                try {
                    Matcher m = HEAP.matcher(goodHttp.send(metrics, HttpResponse.BodyHandlers.ofString()).body());
                    long sum = 0;
                    while (m.find()) {
                        sum += (long) Double.parseDouble(m.group(1));
                    }
                    mostHeap.accumulateAndGet(sum, Math::max);
                    Thread.sleep(100);
                } catch (Exception e) {
                    // the next sample
                }
            }
        });
        // A few sends before the flood, not counted: a fresh JVM's first requests (class loading, the first
        // connection) take hundreds of milliseconds even against an idle service.
        warmUp(goodHttp, HttpRequest.newBuilder(base.resolve("/ingest")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"warm-up\",\"user_id\":\"u1\"}")).build());
        good.start();
        heap.start();

        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<String>> answers = new ArrayList<>();
        long floodStart = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            HttpRequest bad = HttpRequest.newBuilder(base.resolve("/ingest/batch")).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer ll_notakey0000000000000000000000000000000000000000")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            answers.add(pool.submit(() -> {
                try {
                    return Integer.toString(http.send(bad, HttpResponse.BodyHandlers.discarding()).statusCode());
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
        good.join();
        heap.join();
        pool.shutdown();

        List<Long> sorted = new ArrayList<>(goodMillis);
        Collections.sort(sorted);
        System.out.printf("flood: %d bad-key 8 MB bodies, %d at a time, %d ms; answers %s%n", requests, concurrency,
                floodMillis, statuses);
        System.out.printf("good key POST /ingest: %d sends, p50 %d ms, p99 %d ms, max %d ms, failures %s%n",
                sorted.size(), percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1), goodFailures);
        System.out.printf("ingest heap used, largest sample: %d MB%n", mostHeap.get() / 1_000_000);
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
