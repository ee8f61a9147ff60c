package dev.eventlane.e2e;

import static dev.eventlane.e2e.Pipeline.INGEST;
import static dev.eventlane.e2e.Pipeline.QUERY;
import static dev.eventlane.e2e.Pipeline.STREAMS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
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
    static final FaultRun.Settings SETTINGS = new FaultRun.Settings(RATE, LOAD, OUTAGE, FRESHNESS_BOUND, CONVERGENCE);

    private static final List<FaultResult> RESULTS = new ArrayList<>();

    private static Stack stack;
    private static Pipeline pipeline;
    private static Service ingest;
    private static Service streams;
    private static Service query;
    private static FaultRun faults;

    @BeforeAll
    static void startPipeline() {
        FaultDataset dataset = FaultDataset.generate(FaultDataset.SEED, (int) (RATE * LOAD.toSeconds()));
        System.out.printf("faults: load %s at %d events/s, outage %d s, %s%n", dataset.describe(), RATE,
                OUTAGE.toSeconds(), LONG ? "long version" : "CI version (-Deventlane.faults.long=true: long)");
        // stream-processors creates the topics: it starts first so ingest finds them.
        pipeline = Pipeline.logsIn("faults").keys(List.of("none", "stream-processors", "ingest-api", "query-api",
                "clickhouse", "kafka", "probe").stream().map(p -> keyOf("faults-" + p) + "=faults-" + p)
                .collect(Collectors.joining(","))).start(STREAMS, INGEST, QUERY);
        stack = pipeline.stack();
        ingest = pipeline.ingest();
        streams = pipeline.streams();
        query = pipeline.query();
        ClickHouseClient clickhouse = pipeline.clickHouse();
        faults = new FaultRun(dataset, clickhouse, SETTINGS);
    }

    @AfterAll
    static void stopPipeline() {
        System.out.println("faults: summary\n" + FaultResult.table(RESULTS));
        if (faults != null) {
            System.out.println("faults: after the last test\n"
                    + FaultResult.lateConvergence(RESULTS, faults, query.url()));
        }
        if (pipeline != null) {
            pipeline.close();
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
        run("stream-processors", new FaultRun.Fault("stream-processors", streams::kill, streams::start));
    }

    @Test
    @Order(3)
    void ingestApiKilledUnderLoad() {
        run("ingest-api", new FaultRun.Fault("ingest-api", ingest::kill, ingest::start));
    }

    @Test
    @Order(4)
    void queryApiKilledUnderLoad() {
        run("query-api", new FaultRun.Fault("query-api", query::kill, query::start));
    }

    @Test
    @Order(5)
    void clickHouseKilledUnderLoad() {
        run("clickhouse", new FaultRun.Fault("ClickHouse", stack.clickHouse()::kill, stack.clickHouse()::restart));
    }

    /** Last: on a branch where a broker outage stops the sinks for good, it takes no other fault down with it. */
    @Test
    @Order(6)
    void brokerKilledUnderLoad() {
        run("kafka", new FaultRun.Fault("Kafka broker", stack.kafka()::kill, stack.kafka()::restart));
    }

    // ---------------------------------------------------------------- one fault

    private void run(String phase, FaultRun.Fault fault) {
        bringEverythingUp();
        FaultResult result = faults.run("faults-" + phase, List.of(ingest.url()), query.url(),
                keyOf(PROBE_PROJECT), fault);
        result.notReady = Stream.of(streams, ingest, query).filter(service -> !service.isReady())
                .map(Service::module).toList();
        RESULTS.add(result);
        System.out.println("faults: " + result);
        faults.assertHeld(result);
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

    /** A static LogLogic key ({@code ll_} and 48 characters) per project. */
    static String keyOf(String project) {
        StringBuilder key = new StringBuilder("ll_" + project.replace("-", ""));
        while (key.length() < 51) {
            key.append('0');
        }
        return key.toString();
    }
}
