package dev.eventlane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.eventlane.schemas.clickhouse.ClickHouseClient;
import dev.eventlane.schemas.clickhouse.Sql;
import dev.eventlane.testkit.Stack;

/**
 * Faults under load: the same deterministic load ({@link FaultDataset}, client event ids, at least
 * {@value #MIN_RATE} events/s) goes into one project per fault while the broker, ClickHouse, stream-processors,
 * ingest-api or query-api is killed with SIGKILL a third of the way in and restarted after an outage. Each project
 * must end with every event answered 2xx stored exactly once in ClickHouse's {@code events}, and /dau, /revenue,
 * /funnel, /retention and the /sessions count equal to the brute-force {@link AnalyticsReference} of the load, which
 * is also what the undisturbed project gets (the first test). How long freshness stayed out of its bound is
 * measured with markers ({@link FreshnessProbe}) and printed.
 *
 * <p>The CI version loads {@code 30 s} per fault with a 5 s outage; {@code -Deventlane.faults.long=true} loads three
 * minutes per fault with an outage of 65 s (past Kafka clients' one-minute timeouts).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionEndToEndTest {

    static final int MIN_RATE = 2000;
    static final boolean LONG = Boolean.getBoolean("eventlane.faults.long");
    static final int RATE = Math.max(MIN_RATE, Integer.getInteger("eventlane.faults.rate", MIN_RATE));
    static final Duration LOAD = LONG ? Duration.ofMinutes(3) : Duration.ofSeconds(30);
    /** How long a killed component stays down before it is started again. */
    static final Duration OUTAGE = LONG ? Duration.ofSeconds(65) : Duration.ofSeconds(5);
    /**
     * Freshness of /events counts as normal again below this: the benchmark's p99 is 1.5 s at 10k events/s on two
     * quiet cores; these tests share theirs with the whole stack and the load generator.
     */
    static final Duration FRESHNESS_BOUND = Duration.ofSeconds(5);
    /** How long the pipeline may take to settle after the last batch is answered 2xx. */
    static final Duration CONVERGENCE = LONG ? Duration.ofMinutes(10) : Duration.ofMinutes(3);
    static final String PROBE_PROJECT = "faults-probe";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<FaultResult> RESULTS = new ArrayList<>();

    private static Stack stack;
    private static Service ingest;
    private static Service streams;
    private static Service query;
    private static ClickHouseClient clickhouse;
    private static FaultDataset dataset;
    private static Map<String, JsonNode> expected;

    /** A way to break one component and the way back. */
    record Fault(String component, Runnable kill, Runnable restart) {
    }

    @BeforeAll
    static void startPipeline() throws IOException {
        dataset = FaultDataset.generate(FaultDataset.SEED, (int) (RATE * LOAD.toSeconds()));
        expected = expectedAnswers(new AnalyticsReference(dataset.events));
        System.out.printf("faults: load %s at %d events/s, outage %d s, %s%n", dataset.describe(), RATE,
                OUTAGE.toSeconds(), LONG ? "long version" : "CI version (-Deventlane.faults.long=true: long)");
        stack = Stack.get();
        Path logs = Files.createDirectories(Service.repo().resolve("e2e/target/service-logs/faults"));
        Map<String, String> config = new HashMap<>(stack.config());
        config.put("eventlane.auth.static-keys", List.of("none", "stream-processors", "ingest-api", "query-api",
                "clickhouse", "kafka", "probe").stream().map(p -> keyOf("faults-" + p) + "=faults-" + p)
                .collect(Collectors.joining(",")));
        Map<String, String> streamsConfig = new HashMap<>(config);
        streamsConfig.put("kafka-streams.state.dir", Files.createTempDirectory(logs, "streams-state-").toString());
        // stream-processors creates the topics: it starts first so ingest finds them.
        streams = new Service("stream-processors", streamsConfig, logs).start();
        ingest = new Service("ingest-api", config, logs).start();
        query = new Service("query-api", config, logs).start();
        clickhouse = new ClickHouseClient(stack.clickHouse().httpUrl(), Stack.CLICKHOUSE_DATABASE,
                Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopPipeline() {
        System.out.println("faults: summary\n" + FaultResult.table(RESULTS));
        for (Service service : new Service[] {ingest, query, streams}) {
            if (service != null) {
                service.stop();
            }
        }
    }

    @Test
    @Order(1)
    void undisturbedLoadGivesTheReferenceNumbers() {
        run("none", null);
    }

    @Test
    @Order(2)
    void streamProcessorsKilledUnderLoad() {
        run("stream-processors", new Fault("stream-processors", streams::kill, streams::start));
    }

    @Test
    @Order(3)
    void ingestApiKilledUnderLoad() {
        run("ingest-api", new Fault("ingest-api", ingest::kill, ingest::start));
    }

    @Test
    @Order(4)
    void queryApiKilledUnderLoad() {
        run("query-api", new Fault("query-api", query::kill, query::start));
    }

    @Test
    @Order(5)
    void clickHouseKilledUnderLoad() {
        run("clickhouse", new Fault("ClickHouse", stack.clickHouse()::kill, stack.clickHouse()::restart));
    }

    /** Last: on a branch where a broker outage stops the sinks for good, it takes no other fault down with it. */
    @Test
    @Order(6)
    void brokerKilledUnderLoad() {
        run("kafka", new Fault("Kafka broker", stack.kafka()::kill, stack.kafka()::restart));
    }

    // ---------------------------------------------------------------- one fault

    private void run(String phase, Fault fault) {
        bringEverythingUp();
        String project = "faults-" + phase;
        Http api = new Http(keyOf(project));
        FaultResult result = new FaultResult(fault == null ? "none" : fault.component());
        List<String> differences;
        try (LoadSender load = new LoadSender(api, ingest.url() + "/ingest/batch", dataset, RATE);
                FreshnessProbe probe = new FreshnessProbe(new Http(keyOf(PROBE_PROJECT)), ingest.url(), query.url(),
                        "probe-" + phase)) {
            probe.start();
            load.start();
            long killedAt = 0;
            if (fault != null) {
                Awaitility.await().atMost(LOAD).until(() -> load.progress() >= 1.0 / 3);
                killedAt = System.nanoTime();
                fault.kill().run();
                long killed = killedAt;
                Awaitility.await().atMost(OUTAGE.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                        .until(() -> System.nanoTime() - killed >= OUTAGE.toNanos());
                fault.restart().run();
                result.backAfter = Duration.ofNanos(System.nanoTime() - killedAt);
            }
            Awaitility.await("every batch answered 2xx").atMost(LOAD.plus(Duration.ofMinutes(12)))
                    .pollInterval(Duration.ofMillis(200)).until(load::done);
            result.record(load);
            long lastAck = System.nanoTime();
            differences = awaitConvergence(project, load.ackedEvents());
            result.convergedAfter = differences.isEmpty() ? Duration.ofNanos(System.nanoTime() - lastAck) : null;
            result.derivedChecks = expected.size();
            result.derivedMismatches = differences.size();
            result.record(probe.stop(Duration.ofSeconds(60)), killedAt, FRESHNESS_BOUND);
        }
        countRows(project, result);
        result.notReady = Stream.of(streams, ingest, query).filter(service -> !service.isReady())
                .map(Service::module).toList();
        RESULTS.add(result);
        System.out.println("faults: " + result);

        assertThat(result.gaveUp).as("batches never answered 2xx").isZero();
        assertThat(result.partial).as("batches answered 2xx with fewer events taken").isZero();
        assertThat(result.missing).as("events answered 2xx but not in ClickHouse").isZero();
        assertThat(result.duplicates).as("events stored more than once").isZero();
        assertThat(result.foreign).as("rows of events never sent").isZero();
        assertThat(result.rows).isEqualTo(dataset.events.size());
        assertThat(differences).as("answers that differ from the undisturbed load's").isEmpty();
        assertThat(result.markersLost).as("markers answered 2xx never shown by /events").isZero();
        assertThat(result.notReady).as("services not ready after the fault").isEmpty();
        if (fault != null) {
            assertThat(result.freshAgainAfter).as("freshness back within %s", FRESHNESS_BOUND).isNotNull();
        }
    }

    /** Whatever an earlier fault test left down (it failed half-way) is started again. */
    private static void bringEverythingUp() {
        if (!stack.kafka().isRunning()) {
            stack.kafka().restart();
        }
        if (!stack.clickHouse().isRunning()) {
            stack.clickHouse().restart();
        }
        for (Service service : new Service[] {streams, ingest, query}) {
            if (!service.running()) {
                service.start();
            }
        }
    }

    /** Waits until every row and answer is as expected; returns what still differs when the bound passed. */
    private static List<String> awaitConvergence(String project, long acked) {
        Http api = new Http(keyOf(project));
        List<List<String>> last = new ArrayList<>(List.of(List.of("not checked")));
        try {
            Awaitility.await().atMost(CONVERGENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(2))
                    .pollInSameThread().until(() -> {
                        last.set(0, differences(project, api, acked));
                        return last.get(0).isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            System.out.println("faults: " + project + " still differs after " + CONVERGENCE + ":\n  "
                    + String.join("\n  ", last.get(0)));
        }
        return last.get(0);
    }

    private static List<String> differences(String project, Http api, long acked) {
        List<String> differences = new ArrayList<>();
        try {
            String rows = clickhouse.selectOne("SELECT count() FROM events WHERE project_id = " + Sql.quote(project));
            if (Long.parseLong(rows) != acked) {
                differences.add("events: " + rows + " rows, " + acked + " events acked");
            }
        } catch (RuntimeException e) {
            differences.add("events: ClickHouse: " + e.getMessage());
        }
        expected.forEach((path, answer) -> {
            JsonNode actual = answerOf(api, path);
            List<String> diff = JsonDiff.differences(JsonDiff.canonical(answer), JsonDiff.canonical(actual), 4);
            if (!diff.isEmpty()) {
                differences.add(path + ": " + String.join("; ", diff));
            }
        });
        return differences;
    }

    /** The answer without LogLogic's {@code ok}; /sessions as its count only; anything but 200 as status and body. */
    private static JsonNode answerOf(Http api, String path) {
        Http.Reply reply;
        try {
            reply = api.get(query.url() + path);
        } catch (RuntimeException e) {
            return JSON.objectNode().put("http_status", "none").put("error", e.toString());
        }
        if (reply.status() != 200) {
            return JSON.objectNode().put("http_status", reply.status()).put("body", reply.body().toString());
        }
        ObjectNode body = reply.body().deepCopy();
        body.remove("ok");
        return path.startsWith("/sessions") ? JSON.objectNode().set("count", body.path("count")) : body;
    }

    /** Every event id in ClickHouse's events for the project, and how often, against what was sent. */
    private static void countRows(String project, FaultResult result) {
        Set<String> sent = new HashSet<>();
        dataset.events.forEach(e -> sent.add(e.id()));
        Set<String> found = new HashSet<>();
        for (String[] row : clickhouse.select("SELECT event_id, count() FROM events WHERE project_id = "
                + Sql.quote(project) + " GROUP BY event_id")) {
            long times = Long.parseLong(row[1]);
            result.rows += times;
            result.duplicates += times - 1;
            found.add(row[0]);
            if (!sent.contains(row[0])) {
                result.foreign++;
            }
        }
        result.distinct = found.size();
        // Every batch was answered 2xx unless gaveUp says otherwise: then the missing count is an upper bound.
        result.missing = sent.stream().filter(id -> !found.contains(id)).count();
    }

    // ---------------------------------------------------------------- the numbers the load must give

    /** The questions and the reference's answers; the same for every project, since the load is the same. */
    private static Map<String, JsonNode> expectedAnswers(AnalyticsReference reference) {
        Map<String, JsonNode> answers = new java.util.LinkedHashMap<>();
        LocalDate first = FaultDataset.FIRST_DAY;
        LocalDate end = first.plusDays(FaultDataset.DAYS);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        answers.put("/dau?from=" + first + "&to=" + end, reference.dau(first, end));
        answers.put("/revenue?from=" + first + "&to=" + end, reference.revenue(first, end));
        answers.put("/retention?interval=day&periods=" + FaultDataset.DAYS + "&from=" + first + "&to=" + end,
                reference.retention(false, FaultDataset.DAYS, first, end, today));
        answers.put("/retention?interval=week&periods=2&from=" + first + "&to=" + end,
                reference.retention(true, 2, first, end, today));
        Instant from = FaultDataset.dayStart(1);
        Instant to = FaultDataset.dayStart(5).plus(Duration.ofHours(12));
        for (String funnel : FaultDataset.FUNNELS.keySet()) {
            answers.put("/funnel?funnel=" + funnel + "&range=all",
                    reference.funnel(funnel, Instant.EPOCH, Instant.MAX, Duration.ofDays(7)));
            answers.put("/funnel?funnel=" + funnel + "&from=" + from + "&to=" + to + "&window=1h",
                    reference.funnel(funnel, from, to, Duration.ofHours(1)));
        }
        answers.put("/sessions?limit=1&from=" + first + "&to=" + end, JSON.objectNode().set("count",
                reference.sessions(FaultDataset.dayStart(0), FaultDataset.dayStart(FaultDataset.DAYS), null, 1)
                        .get("count")));
        answers.put("/sessions?limit=1&from=" + from + "&to=" + to,
                JSON.objectNode().set("count", reference.sessions(from, to, null, 1).get("count")));
        return answers;
    }

    /** A static LogLogic key ({@code ll_} and 48 characters) per project. */
    static String keyOf(String project) {
        StringBuilder key = new StringBuilder("ll_" + project.replace("-", ""));
        while (key.length() < 51) {
            key.append('0');
        }
        return key.toString();
    }
}
