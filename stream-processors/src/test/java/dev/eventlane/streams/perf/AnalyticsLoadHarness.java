package dev.eventlane.streams.perf;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topic;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.alerts.AlertRules;
import dev.eventlane.streams.app.AnalyticsApplication;
import dev.eventlane.streams.config.BoundedRocksDb;
import dev.eventlane.testkit.KafkaBroker;
import dev.eventlane.testkit.Ports;

/**
 * Not a test: a load harness for profiling the analytics application alone. It starts a testkit broker, preloads
 * {@code events-unique} with events of one of two shapes, then runs the analytics topology as the service configures
 * it (exactly-once, one thread, the bounded RocksDB) until its committed offsets reach the end, and prints wall time,
 * events per second and the CPU time of this process per event (the broker is a process of its own). Run niced, with
 * JFR if wanted (the process id is printed first):
 *
 * <pre>
 * java -Xmx1g -XX:+UseParallelGC -cp ... dev.eventlane.streams.perf.AnalyticsLoadHarness \
 *     [events] [users] [partitions] [runs] [app|web] [commit intervals in ms, comma-separated]
 * </pre>
 *
 * <p>{@code app} (the default) is the benchmark's shape: users in sessions walking the three funnels, some
 * purchases. {@code web} is the shape of {@code ./eventlane bench --web}'s replay: WEB page views of visitors (the
 * user) in tracker sessions of one to eight page views, one in ten followed by a custom event, with the properties
 * {@code /collect} writes (path, URL with UTM parameters now and then, referrer and its host on a session's first
 * page view, screen width, visitor id) and the request's browser, OS, device, country and IP. Each commit interval
 * (default 100) is run {@code runs} times on the same preloaded events, each run as a new application id; the first
 * run of a JVM carries its JIT warm-up.
 */
public final class AnalyticsLoadHarness {

    private static final String PROJECT = "0b6d1c2e-5f4a-4c3b-9d8e-7f6a5b4c3d2e";
    private static final Duration PUBLISH_INTERVAL = Duration.ofSeconds(1);
    private static final String[][] FUNNELS = {
        {"checkout", "app_open", "view_product", "add_to_cart", "enter_payment", "purchase"},
        {"onboarding", "signup_start", "verify_email", "profile_done", "first_action"},
        {"support", "open_help", "search_help", "contact_agent"}};
    private static final double[][] KEEP_GOING = {{1.0, 0.7, 0.5, 0.6, 0.8}, {1.0, 0.8, 0.6, 0.7}, {1.0, 0.5, 0.3}};
    private static final String[] PLATFORMS = {"iOS", "Android", "Web"};

    private AnalyticsLoadHarness() {
    }

    /** Held so that its level stays: Kafka's clients log at TRACE otherwise, formatting every record. */
    private static final java.util.logging.Logger ROOT_LOGGER = java.util.logging.Logger.getLogger("");

    public static void main(String[] args) throws Exception {
        ROOT_LOGGER.setLevel(java.util.logging.Level.WARNING);
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        boolean web = args.length > 4 && args[4].equals("web");
        List<Duration> commitIntervals = new ArrayList<>();
        for (String millis : (args.length > 5 ? args[5] : "100").split(",")) {
            commitIntervals.add(Duration.ofMillis(Long.parseLong(millis.trim())));
        }
        System.out.printf("pid %d, %s load%n", ProcessHandle.current().pid(), web ? "web" : "app");
        KafkaBroker broker = startBroker();
        try {
            for (Topic topic : Topics.ALL) {
                broker.createTopics(topic.partitions() == Topic.PIPELINE_PARTITIONS ? partitions
                        : topic.partitions(), topic.name());
            }
            long loadStart = System.nanoTime();
            if (web) {
                WebPageviews.preload(broker.bootstrapServers(), PROJECT, events, users);
            } else {
                preload(broker.bootstrapServers(), events, users);
            }
            System.out.printf("preloaded %,d events in %.1f s%n", events, (System.nanoTime() - loadStart) / 1e9);
            int run = 0;
            for (Duration commitInterval : commitIntervals) {
                for (int i = 0; i < runs; i++) {
                    run++;
                    runOnce(broker, partitions, events, commitInterval,
                            "harness-analytics-" + run + "-commit-" + commitInterval.toMillis() + "ms");
                }
            }
        } finally {
            broker.destroy();
        }
    }

    /**
     * A testkit broker; on a saturated machine its storage format outlasts the testkit's minute, so the harness then
     * formats the storage itself, without a bound, and starts the broker on it.
     */
    private static KafkaBroker startBroker() throws Exception {
        Path dir = Files.createTempDirectory("harness-kafka-");
        int port = Ports.free();
        int controllerPort = Ports.free();
        try {
            return KafkaBroker.start(dir, port, controllerPort);
        } catch (IllegalStateException e) {
            System.out.println("broker start failed (" + e.getMessage() + "), formatting without a bound");
        }
        Process format = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", KafkaBroker.libDir() + "/*", "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", dir.resolve("server.properties").toString(),
                "--standalone").redirectErrorStream(true).redirectOutput(dir.resolve("format2.log").toFile()).start();
        if (format.waitFor() != 0) {
            throw new IllegalStateException("format failed, see " + dir.resolve("format2.log"));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return KafkaBroker.start(dir, port, controllerPort);
            } catch (IllegalStateException e) {
                if (attempt == 3) {
                    throw e;
                }
                System.out.println("broker start failed (" + e.getMessage().lines().findFirst().orElse("")
                        + "), again");
            }
        }
    }

    private static void runOnce(KafkaBroker broker, int partitions, int events, Duration commitInterval,
            String applicationId) throws Exception {
        Path stateDir = Files.createTempDirectory("harness-streams-");
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
        props.put(BoundedRocksDb.MEMORY_CONFIG, Long.toString(256L * 1024 * 1024));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG), 100);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        // On a saturated machine a short session made the group lose its partitions mid-run.
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 60_000);
        props.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 5_000);
        AnalyticsApplication.Settings settings = new AnalyticsApplication.Settings(PUBLISH_INTERVAL,
                Duration.ofDays(7), Set.of("purchase"),
                Optional.of(new AlertRules.Settings(Duration.ofSeconds(1), partitions)));
        KafkaStreams streams = new KafkaStreams(AnalyticsApplication.topology(settings), props);
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        streams.start();
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, Long> ends = endOffsets(admin, partitions);
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            long[] lastReport = {start};
            try {
                Awaitility.await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    long committed = committed(admin, applicationId, ends.keySet());
                    long now = System.nanoTime();
                    if (committed < total && now - lastReport[0] > 10_000_000_000L) {
                        System.out.printf("  %s: %,d of %,d after %.0f s%n", applicationId, committed, total,
                                (now - start) / 1e9);
                        lastReport[0] = now;
                    }
                    return committed >= total;
                });
            } catch (ConditionTimeoutException e) {
                throw new IllegalStateException("not caught up after 30 minutes", e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        streams.close(Duration.ofSeconds(30));
        System.out.printf("RESULT %s: %,d events in %.1f s wall = %,.0f ev/s; process CPU %.1f s = %.1f us/event"
                + " (%,.0f ev/s per core)%n", applicationId, events, seconds, events / seconds, cpuSeconds,
                cpuSeconds * 1e6 / events, events / cpuSeconds);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(Topics.EVENTS_UNIQUE, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private static long committed(Admin admin, String group, Set<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        long sum = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = offsets.get(tp);
            sum += offset == null ? 0 : offset.offset();
        }
        return sum;
    }

    /** The preloads' producer: batched for throughput, idempotent so a retry never doubles an event. */
    static Properties producerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }

    /** Events of the benchmark's shape: sessions of users walking a funnel, dropping off, some buying. */
    private static void preload(String bootstrap, int count, int users) throws Exception {
        Properties props = producerProps(bootstrap);
        SplittableRandom random = new SplittableRandom(42);
        long[] clock = new long[users];
        int[] sessions = new int[users];
        long start = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        for (int u = 0; u < users; u++) {
            clock[u] = start + random.nextLong(Duration.ofDays(1).toMillis());
        }
        try (KafkaProducer<String, Event> producer = new KafkaProducer<>(props, Serdes.String().serializer(),
                EventlaneSerdes.event().serializer())) {
            int sent = 0;
            long sequence = 0;
            while (sent < count) {
                int user = random.nextInt(users);
                int f = random.nextInt(FUNNELS.length);
                String userId = "u" + user;
                String sessionId = userId + "-s" + sessions[user]++;
                long at = clock[user];
                List<Event> session = new ArrayList<>();
                for (int step = 0; step < KEEP_GOING[f].length && sent + session.size() < count; step++) {
                    if (random.nextDouble() >= KEEP_GOING[f][step]) {
                        break;
                    }
                    String action = FUNNELS[f][step + 1];
                    Map<String, String> properties = "purchase".equals(action)
                            ? Map.of("amount", (499 + random.nextLong(19_500)) / 100 + ".99", "currency", "\"USD\"")
                            : Map.of();
                    session.add(Event.newBuilder().setEventId("h-" + sequence++).setProjectId(PROJECT)
                            .setSource(Source.LOGLOGIC).setName(action).setUserId(userId).setSessionId(sessionId)
                            .setFunnel(FUNNELS[f][0]).setPlatform(PLATFORMS[user % PLATFORMS.length])
                            .setTimestamp(Instant.ofEpochMilli(at)).setReceivedAt(Instant.ofEpochMilli(at))
                            .setProperties(properties)
                            .setContext(EventContext.newBuilder().setIp("127.0.0.1")
                                    .setUserAgent("eventlane-bench/1").build())
                            .build());
                    at += 5_000 + random.nextLong(115_000);
                }
                clock[user] = at + Duration.ofMinutes(30).toMillis()
                        + random.nextLong(Duration.ofHours(20).toMillis());
                for (Event event : session) {
                    producer.send(new ProducerRecord<>(Topics.EVENTS_UNIQUE,
                            RecordKeys.user(PROJECT, event.getUserId()), event));
                }
                sent += session.size();
            }
            producer.flush();
        }
    }
}
