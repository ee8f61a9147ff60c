package dev.eventlane.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.testkit.PostgresServer;
import dev.eventlane.testkit.Stack;

/**
 * The packaged services of a test, run as processes ({@link Service}) over the testkit's Kafka, ClickHouse and
 * PostgreSQL, or over servers of the test's own. Each service gets the servers' settings it reads (stream-processors
 * Kafka and ClickHouse and a state directory of its own, ingest-api Kafka, query-api all three) and the test's own
 * settings; {@link Builder#start} starts them in the order given, each ready before the next, and {@link #close}
 * stops them and deletes the state directories. Logs go to {@code e2e/target/service-logs/<name>}.
 */
final class Pipeline implements AutoCloseable {

    static final String STREAMS = "stream-processors";
    static final String INGEST = "ingest-api";
    static final String QUERY = "query-api";

    private final Stack stack;
    private final Path logs;
    private final String clickHouseDatabase;
    private final Map<String, Map<String, String>> settings;
    private final Map<String, List<Service>> services = new LinkedHashMap<>();
    private final List<Path> stateDirs = new ArrayList<>();

    private Pipeline(Stack stack, Path logs, String clickHouseDatabase, Map<String, Map<String, String>> settings) {
        this.stack = stack;
        this.logs = logs;
        this.clickHouseDatabase = clickHouseDatabase;
        this.settings = settings;
    }

    /** A pipeline on the testkit's servers (started on first use) whose services log under {@code name}. */
    static Builder logsIn(String name) {
        return new Builder(name);
    }

    Stack stack() {
        return stack;
    }

    /** Where the services' logs go; tests put their own files (proxies, SDK output) beside them. */
    Path logs() {
        return logs;
    }

    Service streams() {
        return only(STREAMS);
    }

    Service ingest() {
        return only(INGEST);
    }

    Service query() {
        return only(QUERY);
    }

    /** Every instance of {@code module}, in start order. */
    List<Service> all(String module) {
        return List.copyOf(services.getOrDefault(module, List.of()));
    }

    /** The settings {@code module} is started with, e.g. to start one more instance with some of them changed. */
    Map<String, String> settings(String module) {
        return Map.copyOf(settings.get(module));
    }

    /** A client of the ClickHouse database the services write to. */
    ClickHouseClient clickHouse() {
        return new ClickHouseClient(stack.clickHouse().httpUrl(), clickHouseDatabase, Duration.ofSeconds(30));
    }

    /** Stops every service (ingest and query before the stream-processors they feed and read) and deletes their state. */
    @Override
    public void close() {
        Stream.of(INGEST, QUERY, STREAMS).flatMap(module -> all(module).stream()).forEach(Service::stop);
        stateDirs.forEach(Pipeline::delete);
    }

    private Service only(String module) {
        List<Service> started = services.get(module);
        if (started == null || started.size() != 1) {
            throw new IllegalStateException(module + ": " + (started == null ? "not started" : started.size()
                    + " instances, use all()"));
        }
        return started.get(0);
    }

    private void start(List<String> order, int instances) throws IOException {
        Files.createDirectories(logs);
        for (String module : order) {
            for (int i = 1; i <= instances; i++) {
                Path dir = instances == 1 ? logs : Files.createDirectories(logs.resolve("instance-" + i));
                Map<String, String> config = new HashMap<>(settings.get(module));
                if (module.equals(STREAMS)) {
                    Path state = Files.createTempDirectory(dir, "streams-state-");
                    stateDirs.add(state);
                    config.put("kafka-streams.state.dir", state.toString());
                }
                Service service = new Service(module, config, dir);
                services.computeIfAbsent(module, m -> new ArrayList<>()).add(service);
                service.start();
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("e2e: could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** What a test sets before the services start: servers of its own, topics, keys and settings. */
    static final class Builder {

        private final String name;
        private final Map<String, String> own = new HashMap<>();
        private final Map<String, Map<String, String>> extra = new HashMap<>();
        private String kafka;
        private String clickHouseDatabase = Stack.CLICKHOUSE_DATABASE;
        private PostgresServer postgres;
        private String[] topics = {};
        private int instances = 1;

        private Builder(String name) {
            this.name = name;
            for (String module : List.of(STREAMS, INGEST, QUERY)) {
                extra.put(module, new HashMap<>());
            }
        }

        /** Topics created (6 partitions) on the testkit's broker before any service starts. */
        Builder topics(String... names) {
            this.topics = names;
            return this;
        }

        /** A Kafka of the test's own (a cluster) instead of the testkit's broker. */
        Builder kafka(String bootstrapServers) {
            this.kafka = bootstrapServers;
            return this;
        }

        /** A ClickHouse database of the test's own on the testkit's server; created when the pipeline starts. */
        Builder clickHouseDatabase(String database) {
            this.clickHouseDatabase = database;
            return this;
        }

        /** A PostgreSQL of the test's own for query-api, e.g. one the test stops. */
        Builder postgres(PostgresServer server) {
            this.postgres = server;
            return this;
        }

        /** {@code eventlane.auth.static-keys} of ingest-api and query-api (stream-processors authenticates nobody). */
        Builder keys(String staticKeys) {
            return with(INGEST, "eventlane.auth.static-keys", staticKeys).with(QUERY, "eventlane.auth.static-keys",
                    staticKeys);
        }

        /** A setting of one service. */
        Builder with(String module, String key, String value) {
            extra.get(module).put(key, value);
            return this;
        }

        /** A setting of every service. */
        Builder withAll(String key, String value) {
            own.put(key, value);
            return this;
        }

        /** How many processes of each service (one by default); their logs go to {@code instance-<n>}. */
        Builder instances(int count) {
            this.instances = count;
            return this;
        }

        /**
         * Starts the testkit's servers if they are not yet, then the services in {@code order}, each ready before
         * the next (all instances of a service before the next service); on a failure, what did start is stopped.
         */
        Pipeline start(String... order) {
            Stack stack = Stack.get();
            if (topics.length > 0) {
                stack.kafka().createTopics(6, topics);
            }
            if (!clickHouseDatabase.equals(Stack.CLICKHOUSE_DATABASE)) {
                stack.clickHouse().execute("CREATE DATABASE IF NOT EXISTS " + clickHouseDatabase);
            }
            Map<String, String> servers = new HashMap<>(stack.config());
            if (kafka != null) {
                servers.put("kafka.bootstrap.servers", kafka);
            }
            servers.put("eventlane.clickhouse.database", clickHouseDatabase);
            if (postgres != null) {
                servers.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
                servers.put("quarkus.datasource.username", postgres.user());
                servers.put("quarkus.datasource.password", postgres.password());
            }
            Map<String, Map<String, String>> settings = new HashMap<>();
            settings.put(STREAMS, pick(servers, "kafka.bootstrap.servers", "eventlane.clickhouse.url",
                    "eventlane.clickhouse.database"));
            settings.put(INGEST, pick(servers, "kafka.bootstrap.servers"));
            settings.put(QUERY, servers);
            settings.forEach((module, config) -> {
                config.putAll(own);
                config.putAll(extra.get(module));
            });
            Pipeline pipeline = new Pipeline(stack, Service.repo().resolve("e2e/target/service-logs").resolve(name),
                    clickHouseDatabase, settings);
            try {
                pipeline.start(List.of(order), instances);
            } catch (IOException e) {
                pipeline.close();
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                pipeline.close();
                throw e;
            }
            return pipeline;
        }

        private static Map<String, String> pick(Map<String, String> all, String... keys) {
            Map<String, String> picked = new HashMap<>();
            for (String key : keys) {
                picked.put(key, all.get(key));
            }
            return picked;
        }
    }
}
