package dev.eventlane.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import dev.eventlane.platform.clickhouse.ClickHouseClient;

/**
 * {@code ./eventlane bench [--quick] [--web]}: measures the running local stack and the machine's limits in one run, then
 * prints a markdown table and writes the figures as JSON under {@code bench/results/}.
 */
public final class BenchMain {

    /** Sizes of one run. */
    record Plan(boolean quick, long datasetEvents, long batchedEvents, long singleRequests, int heldRate,
            long heldSeconds, long producerRecords, long clickhouseRows, int queryRuns, long seed) {

        static Plan of(Map<String, String> args) {
            boolean quick = args.containsKey("quick");
            long seed = Long.parseLong(args.getOrDefault("seed", "20261122"));
            long dataset = Long.parseLong(args.getOrDefault("events", quick ? "300000" : "10000000"));
            int rate = Integer.parseInt(args.getOrDefault("rate", "10000"));
            long held = Long.parseLong(args.getOrDefault("held-seconds", quick ? "15" : "60"));
            return quick
                    ? new Plan(true, dataset, 100_000, 20_000, rate, held, 300_000, 200_000, 20, seed)
                    : new Plan(false, dataset, 1_000_000, 200_000, rate, held, 3_000_000, 2_000_000, 100, seed);
        }
    }

    /** The longest wait for the analytics stage to catch up before the bench goes on without it. */
    private static final Duration ANALYTICS_LIMIT = Duration.ofMinutes(40);
    /** The dataset starts this many days before today. */
    private static final long DATASET_DAYS_BACK = 28;

    private BenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = Args.parse(argv);
        Plan plan = Plan.of(args);
        Path state = Path.of(args.getOrDefault("state-dir", ".eventlane"));
        Path out = Path.of(args.getOrDefault("out", "bench/results"));
        Path kafkaLib = Path.of(args.getOrDefault("kafka-lib",
                System.getProperty("user.home") + "/.cache/eventlane/kafka-4.3.1/lib"));
        StackInfo stack = StackInfo.read(state);
        Report report = new Report(plan, args.getOrDefault("commit", "unknown"));
        ClickHouseClient clickhouse = new ClickHouseClient(stack.clickhouseUrl(), "eventlane", Duration.ofMinutes(5));
        String run = Long.toString(System.currentTimeMillis(), 36);
        if (args.containsKey("web")) {
            runWeb(args, stack, clickhouse, run, out, plan.quick());
            return;
        }

        try (HttpLoad http = new HttpLoad(64, stack.benchKey()); SinkMonitor sink = new SinkMonitor(stack.streamsUrl());
                AnalyticsLag analytics = new AnalyticsLag(stack.kafka(), sink)) {
            // The dataset ends before today (10M events span about three weeks), so "last 7d/30d" windows hold it.
            Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(DATASET_DAYS_BACK));
            EventGenerator generator = new EventGenerator(plan.seed(), run, 100_000, start);
            IngestBench ingest = new IngestBench(http, stack.ingestUrl(), stack.queryUrl(), generator);
            step("Clearing the bench project");
            HttpLoad.join(http.delete(stack.queryUrl() + "/events"));

            int recordBytes = LimitBench.averageRecordBytes(plan.seed());
            step("Limit: Kafka ProducerPerformance, " + plan.producerRecords() + " records of " + recordBytes + " B");
            report.producerLimit(LimitBench.producerPerformance(kafkaLib, stack.kafka(), plan.producerRecords(),
                    recordBytes), recordBytes);
            step("Limit: raw ClickHouse HTTP insert, " + plan.clickhouseRows() + " rows");
            report.clickhouseLimit(LimitBench.clickhouseInsert(clickhouse, plan.clickhouseRows(), plan.seed()));

            step("Warming up (not measured)");
            ingest.batched(plan.batchedEvents() / 5, 16, Duration.ofMinutes(2));
            ingest.single(plan.singleRequests() / 5, 128, Duration.ofMinutes(2));
            // Every JVM of the pipeline has to be compiled hot before freshness means anything.
            ingest.heldRate(plan.heldRate(), Duration.ofSeconds(plan.quick() ? 10 : 30), run + "w");

            step("Ingest, batches of 100: " + plan.batchedEvents() + " events");
            long sinkRowsBefore = sink.rows();
            sink.maxLagAndReset();
            long sinkStarted = System.nanoTime();
            report.batched(ingest.batched(plan.batchedEvents(), 16, Duration.ofMinutes(10)));
            step("Ingest, single events: " + plan.singleRequests() + " requests");
            report.single(ingest.single(plan.singleRequests(), 128, Duration.ofMinutes(10)));
            step("Waiting for the analytics stage to catch up with the ingest runs");
            analytics.awaitIdle(ANALYTICS_LIMIT);
            step("Freshness at " + plan.heldRate() + " events/s for " + plan.heldSeconds() + " s");
            report.freshness(ingest.heldRate(plan.heldRate(), Duration.ofSeconds(plan.heldSeconds()), run));

            long sent = plan.batchedEvents() + plan.singleRequests()
                    + plan.heldRate() * plan.heldSeconds();
            long rest = Math.max(0, plan.datasetEvents() - sent);
            analytics.awaitIdle(ANALYTICS_LIMIT);
            step("Loading the dataset: " + rest + " more events (" + plan.datasetEvents() + " in all)");
            long loadStarted = System.nanoTime();
            report.load(ingest.load(rest, 16));
            long loadEnded = System.nanoTime();
            awaitSinkIdle(sink);
            report.sinkDuringLoad(sink.rows() - sinkRowsBefore, (System.nanoTime() - sinkStarted) / 1e9,
                    sink.maxLagAndReset());
            step("Waiting for the analytics stage to catch up with the load");
            Duration caughtUp = analytics.awaitIdle(ANALYTICS_LIMIT);
            double afterLoad = (System.nanoTime() - loadEnded) / 1e9;
            report.analyticsDuringLoad(rest, caughtUp == null ? null : (System.nanoTime() - loadStarted) / 1e9,
                    afterLoad);
            step("Sink replay of events-unique into a scratch table (the sink's own ceiling)");
            report.sinkReplay(SinkBench.replay(stack.kafka(), clickhouse, plan.datasetEvents()));
            report.storedEvents(Long.parseLong(clickhouse.selectOne("SELECT count() FROM events WHERE project_id = "
                    + "'bench'")));

            step("Queries, " + plan.queryRuns() + " runs each");
            report.queries(new QueryBench(http, stack.queryUrl(), start).run(plan.queryRuns()));
            step("Schema discovery: " + SchemaBench.PROBES + " new property keys on the quiet stack");
            report.schema(SchemaBench.run(http, stack.ingestUrl(), stack.queryUrl(), run));
        }
        report.rss(stack.peakRssMiB());
        report.machine(Runtime.getRuntime().availableProcessors(), memTotalMiB());

        Files.createDirectories(out);
        Path json = out.resolve("bench-" + Instant.now().toString().replace(':', '-') + (plan.quick() ? "-quick" : "")
                + ".json");
        Files.writeString(json, report.json());
        System.out.println();
        System.out.println(report.markdown());
        System.out.println("Results: " + json);
    }

    /** {@code --web}: the web analytics bench alone ({@link WebBench}). */
    private static void runWeb(Map<String, String> args, StackInfo stack, ClickHouseClient clickhouse, String run,
            Path out, boolean quick) throws Exception {
        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("commit", args.getOrDefault("commit", "unknown"));
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("memory_mib", memTotalMiB());
        report.putAll(WebBench.runAll(stack, clickhouse, WebBench.Plan.of(args), run));
        Files.createDirectories(out);
        Path json = out.resolve("bench-web-" + Instant.now().toString().replace(':', '-') + (quick ? "-quick" : "")
                + ".json");
        Files.writeString(json, new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(report));
        System.out.println();
        System.out.println(report.get("markdown"));
        System.out.println("Results: " + json);
    }

    /** The sink has caught up when its lag is 0 and its row count stopped moving. */
    private static void awaitSinkIdle(SinkMonitor sink) {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        long rows = -1;
        while (System.nanoTime() < deadline) {
            long now = sink.rows();
            if (sink.lag() == 0 && now == rows) {
                return;
            }
            rows = now;
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
    }

    private static long memTotalMiB() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return 0;
    }

    private static void step(String what) {
        System.out.println("==> " + what);
    }

    /** {@code --name value} and {@code --flag} arguments. */
    static final class Args {
        private Args() {
        }

        static Map<String, String> parse(String[] argv) {
            Map<String, String> args = new java.util.HashMap<>();
            for (int i = 0; i < argv.length; i++) {
                if (!argv[i].startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument " + argv[i]);
                }
                String name = argv[i].substring(2);
                if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                    args.put(name, argv[++i]);
                } else {
                    args.put(name, "true");
                }
            }
            return args;
        }
    }
}
