package dev.eventlane.e2e;

import static dev.eventlane.e2e.Pipeline.INGEST;
import static dev.eventlane.e2e.Pipeline.STREAMS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.client.sdk.ClientMetrics;
import dev.eventlane.client.sdk.Dropped;
import dev.eventlane.client.sdk.EventlaneClient;
import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;

/**
 * The Java SDK's log entries (GoodLogs logs, LogFlux) through a connection that loses every other answer: ingest
 * accepted the request, the SDK never heard so and sends the same entries again. Each entry is in ClickHouse once,
 * because the SDK gives every entry a {@code log_id} and de-duplication forwards an id once per project.
 */
class SdkLogsEndToEndTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String KEY = "ll_e2eSdkLogs00000000000000000000000000000000000000";
    private static final String OTHER_KEY = "ll_e2eSdkLogsOther000000000000000000000000000000000";
    private static final String PROJECT = "sdk-logs-" + RUN;
    private static final String OTHER_PROJECT = "sdk-logs-other-" + RUN;
    private static final int GOODLOGS_LOGS = 300;
    private static final int LOGFLUX_ENTRIES = 60;

    private static Pipeline pipeline;
    private static Service ingest;
    private static LosingProxy proxy;
    private static ClickHouseClient clickhouse;

    @BeforeAll
    static void startPipeline() throws IOException {
        pipeline = Pipeline.logsIn("sdk-logs").keys(KEY + "=" + PROJECT + "," + OTHER_KEY + "=" + OTHER_PROJECT)
                .start(STREAMS, INGEST);
        ingest = pipeline.ingest();
        proxy = new LosingProxy(ingest.url());
        clickhouse = pipeline.clickHouse();
    }

    @AfterAll
    static void stopPipeline() {
        if (proxy != null) {
            proxy.stop();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void logEntriesWhoseAnswerWasLostAreStoredOnce() throws Exception {
        List<Dropped> dropped = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (EventlaneClient client = EventlaneClient.builder(proxy.url(), KEY).batchSize(50)
                .flushInterval(Duration.ofMillis(200)).backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .logFluxSecret("e2e-secret").onDrop(d -> {
                    synchronized (dropped) {
                        dropped.add(d);
                    }
                }).build()) {
            for (int i = 0; i < GOODLOGS_LOGS; i++) {
                ids.add(client.goodLogsLog(i % 10 == 0 ? "error" : "info", "entry " + i, Map.of("n", i)));
            }
            for (int i = 0; i < LOGFLUX_ENTRIES; i++) {
                ids.add(client.logFlux("node-" + RUN, 4, "sealed " + i));
            }
            client.flush().get(3, TimeUnit.MINUTES);
            ClientMetrics metrics = client.metrics();
            System.out.printf("SdkLogsEndToEndTest: %d entries, %d requests (%d forwarded, %d answers lost),"
                    + " %d retries%n", metrics.sent(), metrics.requests(), proxy.forwarded.get(), proxy.lost.get(),
                    metrics.retries());
            assertThat(dropped).isEmpty();
            assertThat(metrics.sent()).isEqualTo(GOODLOGS_LOGS + LOGFLUX_ENTRIES);
            assertThat(proxy.lost.get()).as("answers lost after ingest accepted the entries").isPositive();
        }
        assertThat(ids).hasSize(GOODLOGS_LOGS + LOGFLUX_ENTRIES);

        String where = " FROM logs WHERE project_id = " + Sql.quote(PROJECT);
        Awaitility.await("log entries stored").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> Long.parseLong(clickhouse.selectOne("SELECT uniqExact(log_id)" + where)) >= ids.size());
        // A duplicate let through would follow its first copy: the count must stay put a while.
        Awaitility.await("no log entry stored twice").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30))
                .until(() -> clickhouse.selectOne("SELECT count()" + where).equals(Integer.toString(ids.size())));
        Set<String> stored = new HashSet<>();
        clickhouse.select("SELECT log_id" + where).forEach(row -> stored.add(row[0]));
        assertThat(stored).isEqualTo(ids);
        assertThat(clickhouse.selectOne("SELECT count()" + where + " AND source = 'logflux'"))
                .isEqualTo(Integer.toString(LOGFLUX_ENTRIES));
    }

    @Test
    void theSameLogIdInTwoProjectsIsStoredForEach() {
        String id = "shared-" + RUN;
        String body = "{\"batch\":[{\"log_id\":\"" + id + "\",\"severity\":\"warn\",\"message\":\"m\"}]}";
        for (String key : List.of(KEY, OTHER_KEY, KEY)) {
            // A 503 (the broker slow to acknowledge) is retried, as a client would: the id makes it safe.
            int status = Awaitility.await("an answer other than 503").atMost(Duration.ofMinutes(1))
                    .until(() -> new Http(key).post(ingest.url() + "/v1/logs", body).status(), s -> s != 503);
            assertThat(status).isEqualTo(202);
        }
        String where = " FROM logs WHERE log_id = " + Sql.quote(id);
        Awaitility.await("both projects' entries stored").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> clickhouse.selectOne("SELECT uniqExact(project_id)" + where).equals("2"));
        Awaitility.await("the retry in the first project dropped").during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(30)).until(() -> clickhouse.selectOne("SELECT count()" + where).equals("2"));
        List<String> projects = new ArrayList<>();
        clickhouse.select("SELECT project_id" + where + " ORDER BY project_id").forEach(row -> projects.add(row[0]));
        assertThat(projects).containsExactly(PROJECT, OTHER_PROJECT);
    }

    /**
     * Forwards every request to ingest and, for every other one, drops the answer once ingest has given it: the
     * client sees a broken connection after the entries were accepted.
     */
    private static final class LosingProxy {

        private static final HttpClient HTTP = HttpClient.newHttpClient();

        private final HttpServer server;
        private final String target;
        final AtomicInteger forwarded = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();

        LosingProxy(String target) throws IOException {
            this.target = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::forward);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void forward(HttpExchange exchange) throws IOException {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target
                        + exchange.getRequestURI())).timeout(Duration.ofSeconds(30))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(in.readAllBytes()));
                for (String header : List.of("Authorization", "Content-Type")) {
                    String value = exchange.getRequestHeaders().getFirst(header);
                    if (value != null) {
                        request.header(header, value);
                    }
                }
                HttpResponse<byte[]> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (forwarded.incrementAndGet() % 2 == 1 && answer.statusCode() < 300) {
                    lost.incrementAndGet();
                    return; // closed without an answer
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                byte[] body = answer.body();
                exchange.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() {
            server.stop(0);
        }
    }
}
