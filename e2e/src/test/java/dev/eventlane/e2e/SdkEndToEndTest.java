package dev.eventlane.e2e;

import static dev.eventlane.e2e.Pipeline.INGEST;
import static dev.eventlane.e2e.Pipeline.STREAMS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.eventlane.client.sdk.ClientMetrics;
import dev.eventlane.client.sdk.Dropped;
import dev.eventlane.client.sdk.EventlaneClient;
import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.testkit.Stack;

/**
 * The SDKs against the real stack. The Java SDK sends 100k events from 8 threads while ingest-api is killed and
 * started again and then the broker is down for a few seconds: every event is in ClickHouse exactly once. A plan's
 * request rate refuses most requests of four clients with 429: they back off and lose nothing. The Python SDK's
 * pytest suite runs against the same ingest-api, and what it sent is stored once too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SdkEndToEndTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String KEY = "ll_e2eSdk00000000000000000000000000000000000000000";
    private static final String PYTHON_KEY = "ll_e2eSdkPython000000000000000000000000000000000000";
    private static final String STORM_KEY = "gl_sk_e2eSdkStorm0000000000000000000000000000000000";
    private static final String PROJECT = "sdk-" + RUN;
    private static final String PYTHON_PROJECT = "sdk-python-" + RUN;
    private static final String STORM_PROJECT = "sdk-storm-" + RUN;
    private static final int THREADS = 8;
    private static final int EVENTS = 100_000;
    /** Each producer's events per tick of {@link #TICK}: 8 × 25 every 50 ms is 4,000 events/s, 25 s in all. */
    private static final int PER_TICK = 25;
    private static final Duration TICK = Duration.ofMillis(50);
    private static final Duration KAFKA_OUTAGE = Duration.ofSeconds(5);

    private static Pipeline pipeline;
    private static Stack stack;
    private static Path logs;
    private static Service ingest;
    private static ClickHouseClient clickhouse;

    @BeforeAll
    static void startPipeline() {
        pipeline = Pipeline.logsIn("sdk").keys(KEY + "=" + PROJECT + "," + PYTHON_KEY + "=" + PYTHON_PROJECT)
                .start(STREAMS, INGEST);
        stack = pipeline.stack();
        logs = pipeline.logs();
        ingest = pipeline.ingest();
        clickhouse = pipeline.clickHouse();
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void everyEventOfEightThreadsIsStoredOnceThroughAnIngestRestartAndABrokerOutage() throws Exception {
        List<Dropped> dropped = new ArrayList<>();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicInteger logged = new AtomicInteger();
        long started = System.nanoTime();
        try (EventlaneClient client = EventlaneClient.builder(ingest.url(), KEY).batchSize(100)
                .concurrency(4).flushInterval(Duration.ofSeconds(1)).queueCapacity(EVENTS).backoff(Duration.ofMillis(100),
                        Duration.ofSeconds(2)).onDrop(d -> {
                            synchronized (dropped) {
                                dropped.add(d);
                            }
                        }).build()) {
            ScheduledExecutorService producers = Executors.newScheduledThreadPool(THREADS);
            try {
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    AtomicInteger mine = new AtomicInteger();
                    producers.scheduleAtFixedRate(() -> {
                        for (int i = 0; i < PER_TICK && mine.get() < EVENTS / THREADS; i++) {
                            int n = mine.getAndIncrement();
                            ids.add(client.log(Map.of("action", "sdk_tick", "user_id", "u" + thread + "-" + (n % 50),
                                    "data", Map.of("n", n))));
                            logged.incrementAndGet();
                        }
                    }, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
                }
                Awaitility.await("10k events stored").atMost(Duration.ofSeconds(90))
                        .until(() -> client.metrics().sent() >= 10_000);
                long killed = System.nanoTime();
                ingest.kill();
                ingest.start();
                System.out.printf("SdkEndToEndTest: ingest-api killed at %d events sent, back after %d ms%n",
                        client.metrics().sent(), (System.nanoTime() - killed) / 1_000_000);
                Awaitility.await("40k events stored").atMost(Duration.ofSeconds(120))
                        .until(() -> client.metrics().sent() >= 40_000);
                long sentAtOutage = client.metrics().sent();
                stack.kafka().kill();
                // Down for the whole outage: the wait ends when it is over, not before.
                Awaitility.await().pollDelay(KAFKA_OUTAGE).atMost(KAFKA_OUTAGE.plusSeconds(5))
                        .until(() -> !stack.kafka().isRunning());
                stack.kafka().restart();
                System.out.printf("SdkEndToEndTest: broker down %d s at %d events sent%n", KAFKA_OUTAGE.toSeconds(),
                        sentAtOutage);
                Awaitility.await("every event logged").atMost(Duration.ofSeconds(120))
                        .until(() -> logged.get() == EVENTS);
            } finally {
                producers.shutdownNow();
            }
            client.flush().get(3, TimeUnit.MINUTES);
            ClientMetrics metrics = client.metrics();
            System.out.printf("SdkEndToEndTest: %d events, %d requests, %d retries, all answered in %d ms%n",
                    metrics.sent(), metrics.requests(), metrics.retries(), (System.nanoTime() - started) / 1_000_000);
            assertThat(dropped).isEmpty();
            assertThat(metrics.sent()).isEqualTo(EVENTS);
            assertThat(metrics.retries()).as("the outages were felt").isPositive();
        }
        assertThat(ids).hasSize(EVENTS);
        awaitStoredOnce(PROJECT, ids, Duration.ofMinutes(3));
        System.out.printf("SdkEndToEndTest: 100k events in ClickHouse exactly once %d ms after the first%n",
                (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    @Order(2)
    void aStormOf429IsWaitedOutWithoutLoss() throws Exception {
        Map<String, String> limited = new HashMap<>(pipeline.settings(INGEST));
        limited.put("eventlane.auth.static-keys", STORM_KEY + "=" + STORM_PROJECT);
        limited.put("eventlane.auth.static-keys-plan", "free");
        limited.put("eventlane.plans.free.requests-per-second", "4");
        limited.put("eventlane.plans.free.daily-events", "1000000000");
        Service storm = new Service(INGEST, limited, Files.createDirectories(logs.resolve("storm"))).start();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<EventlaneClient> clients = new ArrayList<>();
        List<Dropped> dropped = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int c = 0; c < 4; c++) {
                clients.add(EventlaneClient.builder(storm.url(), STORM_KEY).batchSize(25)
                        .flushInterval(Duration.ofMillis(200)).backoff(Duration.ofMillis(100), Duration.ofSeconds(2))
                        .onDrop(d -> {
                            synchronized (dropped) {
                                dropped.add(d);
                            }
                        }).build());
            }
            for (int i = 0; i < 2000; i++) {
                ids.add(clients.get(i % clients.size()).goodLogsEvent("storm", "u" + (i % 30), Map.of("n", i)));
            }
            for (EventlaneClient client : clients) {
                client.flush().get(3, TimeUnit.MINUTES);
            }
            long retries = clients.stream().mapToLong(c -> c.metrics().retries()).sum();
            long requests = clients.stream().mapToLong(c -> c.metrics().requests()).sum();
            long sent = clients.stream().mapToLong(c -> c.metrics().sent()).sum();
            System.out.printf("SdkEndToEndTest: 429 storm: %d events in %d requests, %d refused with 429 and"
                    + " retried, %d ms%n", sent, requests, retries, (System.nanoTime() - started) / 1_000_000);
            assertThat(dropped).isEmpty();
            assertThat(sent).isEqualTo(2000);
            assertThat(retries).as("the plan's rate refused requests").isGreaterThanOrEqualTo(20);
        } finally {
            clients.forEach(EventlaneClient::close);
            storm.stop();
        }
        awaitStoredOnce(STORM_PROJECT, ids, Duration.ofMinutes(2));
    }

    @Test
    @Order(3)
    void thePythonSdksTestsPassAgainstTheStackAndWhatTheySentIsStoredOnce() throws Exception {
        Path idsFile = Files.createTempFile(logs, "python-ids-", ".txt");
        Path output = logs.resolve("pytest.log");
        ProcessBuilder pytest = new ProcessBuilder("python3", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                "sdk/python").directory(Service.repo().toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pytest.environment().putAll(Map.of("EVENTLANE_URL", ingest.url(), "EVENTLANE_KEY", PYTHON_KEY,
                "EVENTLANE_SDK_IDS_FILE", idsFile.toString(), "PYTHONDONTWRITEBYTECODE", "1"));
        Process process = pytest.start();
        boolean ended = process.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println("SdkEndToEndTest: pytest sdk/python:\n" + printed);
        assertThat(ended).as("pytest ended").isTrue();
        assertThat(process.exitValue()).as("pytest's exit code; its output:\n%s", printed).isZero();
        Set<String> ids = new HashSet<>(Files.readAllLines(idsFile).stream().filter(l -> !l.isBlank()).toList());
        assertThat(ids).as("the stack tests of the Python SDK ran (none skipped)").hasSizeGreaterThan(100);
        awaitStoredOnce(PYTHON_PROJECT, ids, Duration.ofMinutes(2));
    }

    /** Waits until ClickHouse holds each of {@code ids} for the project, then checks it holds nothing else and no id twice. */
    private static void awaitStoredOnce(String project, Set<String> ids, Duration bound) {
        String where = " FROM events WHERE project_id = " + Sql.quote(project);
        Awaitility.await(project + " stored").atMost(bound).pollInterval(Duration.ofMillis(500))
                .until(() -> Long.parseLong(clickhouse.selectOne("SELECT uniqExact(event_id)" + where)) >= ids.size());
        assertThat(clickhouse.selectOne("SELECT count()" + where)).as("no event stored twice")
                .isEqualTo(Integer.toString(ids.size()));
        Set<String> stored = new HashSet<>();
        clickhouse.select("SELECT event_id" + where).forEach(row -> stored.add(row[0]));
        assertThat(stored).isEqualTo(ids);
    }
}
