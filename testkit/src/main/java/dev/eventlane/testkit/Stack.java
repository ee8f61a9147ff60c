package dev.eventlane.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * One Kafka broker, one ClickHouse server and one Postgres server shared by every test of a JVM,
 * started on first use ({@link #get()}) and stopped when the JVM exits.
 *
 * <p>Why shared: starting the three takes seconds; starting them once per test JVM keeps the suite
 * fast. Tests isolate themselves by topic, table and database names instead.
 *
 * <p>Why it is found through system properties: Quarkus tests may load this class in several class
 * loaders of one JVM (one per application it boots), each with its own statics. The first one to
 * start the stack records the servers' work directories in system properties; the others attach to
 * the same servers from there (the servers keep their ports and pids in those directories). The lock
 * is a string constant, which the JVM interns once for all class loaders.
 */
public final class Stack {

    /** The ClickHouse database the services use; created by {@link #get()}. */
    public static final String CLICKHOUSE_DATABASE = "eventlane";

    private static final String LOCK = "dev.eventlane.testkit.Stack#lock";
    private static final String KAFKA_DIR = "eventlane.testkit.kafka.dir";
    private static final String CLICKHOUSE_DIR = "eventlane.testkit.clickhouse.dir";
    private static final String POSTGRES_DIR = "eventlane.testkit.postgres.dir";

    private static volatile Stack instance;
    /** Why the start failed, so the next test fails at once instead of waiting for the same failure again. */
    private static RuntimeException failure;

    private final KafkaBroker kafka;
    private final ClickHouseServer clickHouse;
    private final PostgresServer postgres;

    private Stack(KafkaBroker kafka, ClickHouseServer clickHouse, PostgresServer postgres) {
        this.kafka = kafka;
        this.clickHouse = clickHouse;
        this.postgres = postgres;
    }

    /** The JVM's stack, started (in parallel) by the first call; later calls return at once. */
    public static Stack get() {
        Stack local = instance;
        if (local != null) {
            return local;
        }
        synchronized (LOCK) {
            if (failure != null) {
                throw new IllegalStateException("the test stack failed to start earlier in this JVM: "
                        + failure.getMessage(), failure);
            }
            if (instance == null) {
                try {
                    instance = System.getProperty(KAFKA_DIR) != null ? attach() : startAll();
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
            }
            return instance;
        }
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public ClickHouseServer clickHouse() {
        return clickHouse;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** The configuration a service needs to use this stack, under the property names the services read. */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("eventlane.clickhouse.url", clickHouse.httpUrl());
        config.put("eventlane.clickhouse.database", CLICKHOUSE_DATABASE);
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        config.put("quarkus.datasource.username", postgres.user());
        config.put("quarkus.datasource.password", postgres.password());
        return config;
    }

    private static Stack startAll() {
        // What ./eventlane install provides: fail before starting anything if it is missing.
        KafkaBroker.libDir();
        ClickHouseServer.command();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "eventlane-stack-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<KafkaBroker> kafka = timed("Kafka", KafkaBroker::start, pool);
            CompletableFuture<ClickHouseServer> clickHouse = timed("ClickHouse", ClickHouseServer::start, pool);
            CompletableFuture<PostgresServer> postgres = timed("Postgres", PostgresServer::start, pool);
            List<Throwable> failures = new ArrayList<>();
            KafkaBroker k = join(kafka, failures);
            ClickHouseServer c = join(clickHouse, failures);
            PostgresServer p = join(postgres, failures);
            if (!failures.isEmpty()) {
                // The servers that did start go, with their data; the one that failed keeps its
                // directory, whose log the message points to.
                stopQuietly(k, c, p);
                Dirs.deleteQuietly(k == null ? null : k.workDir());
                Dirs.deleteQuietly(c == null ? null : c.workDir());
                Dirs.deleteQuietly(p == null ? null : p.dataDir().getParent());
                IllegalStateException error = new IllegalStateException("the test stack did not start: "
                        + failures.get(0).getMessage(), failures.get(0));
                failures.stream().skip(1).forEach(error::addSuppressed);
                throw error;
            }
            c.execute("CREATE DATABASE IF NOT EXISTS " + CLICKHOUSE_DATABASE);
            System.setProperty(KAFKA_DIR, k.workDir().toString());
            System.setProperty(CLICKHOUSE_DIR, c.workDir().toString());
            System.setProperty(POSTGRES_DIR, p.dataDir().getParent().toString());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(p), "eventlane-stack-stop"));
            System.out.printf("eventlane testkit: stack up in %d ms: Kafka %s, ClickHouse %s, Postgres %s%n",
                    (System.nanoTime() - started) / 1_000_000, k.bootstrapServers(), c.httpUrl(), p.jdbcUrl());
            return new Stack(k, c, p);
        } finally {
            pool.shutdown();
        }
    }

    private static Stack attach() {
        return new Stack(
                KafkaBroker.attach(Path.of(System.getProperty(KAFKA_DIR))),
                ClickHouseServer.attach(Path.of(System.getProperty(CLICKHOUSE_DIR))),
                PostgresServer.attach(Path.of(System.getProperty(POSTGRES_DIR))));
    }

    private static <T> CompletableFuture<T> timed(String name, Supplier<T> start, ExecutorService pool) {
        return CompletableFuture.supplyAsync(() -> {
            long begin = System.nanoTime();
            T server = start.get();
            System.out.printf("eventlane testkit: %s up in %d ms%n", name, (System.nanoTime() - begin) / 1_000_000);
            return server;
        }, pool);
    }

    private static <T> T join(CompletableFuture<T> future, List<Throwable> failures) {
        try {
            return future.join();
        } catch (CompletionException e) {
            failures.add(e.getCause() != null ? e.getCause() : e);
            return null;
        }
    }

    /**
     * At JVM exit: the servers go (Kafka by SIGKILL, its data is thrown away anyway) and so do
     * their temp directories. Re-reads Kafka's state, since another class loader may have restarted it.
     */
    private static void shutdown(PostgresServer postgres) {
        Path kafkaDir = Path.of(System.getProperty(KAFKA_DIR));
        Path clickHouseDir = Path.of(System.getProperty(CLICKHOUSE_DIR));
        Path postgresDir = Path.of(System.getProperty(POSTGRES_DIR));
        stopQuietly(KafkaBroker.attach(kafkaDir), ClickHouseServer.attach(clickHouseDir), postgres);
        Dirs.deleteQuietly(kafkaDir);
        Dirs.deleteQuietly(clickHouseDir);
        Dirs.deleteQuietly(postgresDir);
    }

    private static void stopQuietly(KafkaBroker kafka, ClickHouseServer clickHouse, PostgresServer postgres) {
        List<Runnable> stops = new ArrayList<>();
        if (kafka != null) {
            stops.add(kafka::kill);
        }
        if (clickHouse != null) {
            stops.add(clickHouse::stop);
        }
        if (postgres != null) {
            stops.add(postgres::stop);
        }
        stops.parallelStream().forEach(stop -> {
            try {
                stop.run();
            } catch (RuntimeException e) {
                System.err.println("eventlane testkit: " + e.getMessage());
            }
        });
    }
}
