package dev.eventlane.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) run as a child JVM.
 *
 * <p>Why a child process and not an in-JVM broker: the tests must see the broker the way the
 * services do in production, including "the broker went away and came back" (see {@link #stop()},
 * {@link #kill()} and {@link #restart()}), without containers. The broker jars (Apache Kafka
 * {@value #VERSION}) are installed by {@code ./eventlane install} into
 * {@code ~/.cache/eventlane/kafka-4.3.1/lib}, or taken from {@code EVENTLANE_KAFKA_LIB}.
 *
 * <p>All state lives in one work directory: {@code server.properties}, the data in {@code data/},
 * the log in {@code broker.log}, ports and pid in {@code testkit.properties}.
 */
public final class KafkaBroker {

    static final String VERSION = "4.3.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /** The StandardAuthorizer of KRaft: with a SASL listener, ACLs decide what its users may do. */
    private static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    private final Path workDir;
    private final int port;
    private final int controllerPort;
    /** Node id, voters and replication of the cluster this broker belongs to; one of its own when standalone. */
    private final ClusterRole role;

    /**
     * A broker's place in its cluster. {@code voters} null: a single node that formats itself as the only
     * controller ({@code --standalone}); otherwise the static controller quorum ({@code id@host:port,...}) every
     * node is formatted with, under the same {@code clusterId}.
     */
    record ClusterRole(int nodeId, String voters, String clusterId, int replicationFactor, int minInsyncReplicas) {

        static ClusterRole standalone() {
            return new ClusterRole(1, null, Uuid.randomUuid().toString(), 1, 1);
        }
    }

    /** A SASL_PLAINTEXT (PLAIN) listener's port, 0 without one. */
    private final int saslPort;
    /** The users the SASL listener accepts, name to password. */
    private final Map<String, String> saslUsers;

    private KafkaBroker(Path workDir, int port, int controllerPort) {
        this(workDir, port, controllerPort, ClusterRole.standalone());
    }

    private KafkaBroker(Path workDir, int port, int controllerPort, ClusterRole role) {
        this(workDir, port, controllerPort, role, 0, Map.of());
    }

    private KafkaBroker(Path workDir, int port, int controllerPort, int saslPort, Map<String, String> saslUsers) {
        this(workDir, port, controllerPort, ClusterRole.standalone(), saslPort, saslUsers);
    }

    private KafkaBroker(Path workDir, int port, int controllerPort, ClusterRole role, int saslPort,
            Map<String, String> saslUsers) {
        this.workDir = workDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.role = role;
        this.saslPort = saslPort;
        this.saslUsers = Map.copyOf(saslUsers);
    }

    /** Starts a fresh broker on free ports with its data in a new temp directory, and waits until it serves. */
    public static KafkaBroker start() {
        libDir(); // fail on missing jars before leaving a temp directory behind
        return start(Dirs.temp("eventlane-kafka-"), Ports.free(), Ports.free());
    }

    /**
     * Starts a broker in {@code workDir} on the given ports; formats the storage only if it was
     * never formatted, so an existing directory keeps its topics and records.
     */
    public static KafkaBroker start(Path workDir, int port, int controllerPort) {
        KafkaBroker broker = prepare(workDir, port, controllerPort, ClusterRole.standalone());
        broker.launch(libDir());
        return broker;
    }

    /**
     * Writes the configuration of a broker and formats its storage (unless it was formatted before), without
     * starting it: the nodes of a cluster start together, since none serves before a quorum of them runs.
     */
    static KafkaBroker prepare(Path workDir, int port, int controllerPort, ClusterRole role) {
        Path libDir = libDir();
        KafkaBroker broker = new KafkaBroker(workDir.toAbsolutePath(), port, controllerPort, role);
        broker.writeConfig();
        if (!Files.exists(broker.dataDir().resolve("meta.properties"))) {
            broker.format(libDir);
        }
        return broker;
    }

    /**
     * Starts a fresh broker that also has a SASL_PLAINTEXT listener ({@link #saslBootstrapServers()}, mechanism
     * PLAIN) accepting {@code users} (name to password), with ACLs enforced: a SASL user may do only what an ACL
     * grants it. The PLAINTEXT listener (and {@link #admin()}) is the broker's super user, to grant them.
     */
    public static KafkaBroker startWithSasl(Map<String, String> users) {
        Path libDir = libDir();
        KafkaBroker broker = new KafkaBroker(Dirs.temp("eventlane-kafka-sasl-").toAbsolutePath(), Ports.free(),
                Ports.free(), Ports.free(), users);
        broker.writeConfig();
        broker.format(libDir);
        broker.launch(libDir);
        return broker;
    }

    /** The broker whose work directory is {@code workDir}, started earlier, maybe by another class loader. */
    static KafkaBroker attach(Path workDir) {
        Properties state = StateFile.read(workDir);
        return new KafkaBroker(workDir, StateFile.intValue(state, "port"), StateFile.intValue(state, "controllerPort"));
    }

    /** The jar directory: {@code EVENTLANE_KAFKA_LIB}, else {@code ~/.cache/eventlane/kafka-4.3.1/lib}. */
    public static Path libDir() {
        String fromEnv = System.getenv("EVENTLANE_KAFKA_LIB");
        Path dir = fromEnv != null && !fromEnv.isBlank()
                ? Path.of(fromEnv)
                : Path.of(System.getProperty("user.home"), ".cache", "eventlane", "kafka-" + VERSION, "lib");
        if (!Files.isRegularFile(dir.resolve("kafka_2.13-" + VERSION + ".jar"))) {
            throw new IllegalStateException("Apache Kafka " + VERSION + " jars not found in " + dir
                    + ": run ./eventlane install (or set EVENTLANE_KAFKA_LIB to a directory holding kafka_2.13-"
                    + VERSION + ".jar and its dependencies)");
        }
        return dir;
    }

    /** The SASL_PLAINTEXT listener's {@code 127.0.0.1:PORT}; only for a broker from {@link #startWithSasl}. */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("this broker has no SASL listener: start it with startWithSasl");
        }
        return "127.0.0.1:" + saslPort;
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    int controllerPort() {
        return controllerPort;
    }

    public Path workDir() {
        return workDir;
    }

    /** The broker's stdout/stderr, where its log4j output goes. */
    public Path logFile() {
        return workDir.resolve("broker.log");
    }

    public boolean isRunning() {
        return process().isPresent();
    }

    /** SIGTERM (a clean shutdown), waiting for the process to end; SIGKILL if it takes over 30 s. */
    public synchronized void stop() {
        process().ifPresent(process -> process.stop(STOP_GRACE));
    }

    /** SIGKILL: the broker dies without a clean shutdown, as in a crash. */
    public synchronized void kill() {
        process().ifPresent(ChildProcess::kill);
    }

    /** Kills the server and deletes its work directory: the end of a test's own server. */
    public synchronized void destroy() {
        kill();
        Dirs.deleteQuietly(workDir);
    }

    /**
     * The running broker process, by the pid in the work directory: another class loader may have
     * restarted the broker since this object was made.
     */
    private Optional<ChildProcess> process() {
        String pid = StateFile.read(workDir).getProperty("pid");
        return pid == null ? Optional.empty() : ChildProcess.attach("kafka", Long.parseLong(pid), logFile());
    }

    /**
     * Stops the broker if it still runs (SIGTERM), then starts it again on the same ports with the
     * same data and waits until it serves; also the way back after {@link #stop()} or {@link #kill()}.
     */
    public synchronized void restart() {
        stop();
        launch(libDir());
    }

    /**
     * Creates the topics (replication factor 1) unless they exist, and waits until every partition
     * has a leader, so a producer can write right away.
     */
    public void createTopics(int partitions, String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1));
        }
        try (Admin admin = admin()) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
            boolean led = Poll.until(Duration.ofSeconds(30), Duration.ofMillis(100), () -> allLed(admin, names));
            if (!led) {
                throw new IllegalStateException("topics " + Arrays.toString(names) + " have no leader after 30 s; log: "
                        + logFile());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topics " + Arrays.toString(names) + " timed out; log: "
                    + logFile(), e);
        }
    }

    /** An Admin client on this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
    }

    private static boolean allLed(Admin admin, String... names) {
        try {
            Map<String, TopicDescription> descriptions = admin.describeTopics(Arrays.asList(names))
                    .allTopicNames().get(5, TimeUnit.SECONDS);
            return descriptions.values().stream()
                    .flatMap(description -> description.partitions().stream())
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Path dataDir() {
        return workDir.resolve("data");
    }

    private void writeConfig() {
        Dirs.create(workDir);
        Dirs.write(workDir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + role.nodeId(),
                role.voters() == null ? "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort
                        : "controller.quorum.voters=" + role.voters(),
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir(),
                "num.partitions=1",
                // Topics created with the broker's replication factor (the services' way) get the cluster's.
                "default.replication.factor=" + role.replicationFactor(),
                "min.insync.replicas=" + role.minInsyncReplicas(),
                "offsets.topic.replication.factor=" + role.replicationFactor(),
                // Fewer internal partitions than the default 50: the first consumer group comes up faster.
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=" + role.replicationFactor(),
                "transaction.state.log.min.isr=" + role.minInsyncReplicas(),
                "transaction.state.log.num.partitions=10",
                "share.coordinator.state.topic.replication.factor=" + role.replicationFactor(),
                "share.coordinator.state.topic.min.isr=" + role.minInsyncReplicas(),
                "group.initial.rebalance.delay.ms=0",
                // After a kill, the restarted broker waits for its old registration to expire: 3 s, not 9.
                "broker.session.timeout.ms=3000",
                "broker.heartbeat.interval.ms=500",
                "auto.create.topics.enable=false",
                "") + saslConfig());
        Dirs.write(workDir.resolve("log4j2.xml"), LOG4J2_XML);
    }

    /** The SASL listener's settings on top of the plain ones, which they replace by being later in the file. */
    private String saslConfig() {
        if (saslPort == 0) {
            return "";
        }
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        saslUsers.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password)
                .append('"'));
        return String.join("\n",
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort
                        + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,"
                        + "CONTROLLER:PLAINTEXT",
                "sasl.enabled.mechanisms=PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + jaas + ";",
                "authorizer.class.name=" + AUTHORIZER,
                // The PLAINTEXT and controller listeners authenticate nobody: their principal is ANONYMOUS, which
                // is the broker itself (inter-broker, controller) and the test's admin.
                "super.users=User:ANONYMOUS",
                "");
    }

    private void format(Path libDir) {
        Path formatLog = workDir.resolve("format.log");
        List<String> arguments = new ArrayList<>(List.of("kafka.tools.StorageTool", "format",
                "-t", role.clusterId(), "-c", workDir.resolve("server.properties").toString()));
        if (role.voters() == null) {
            arguments.add("--standalone");
        }
        int exit = ChildProcess.run("kafka-storage-format", javaCommand(libDir, arguments),
                workDir, formatLog, Duration.ofSeconds(60));
        if (exit != 0) {
            throw new IllegalStateException("formatting Kafka storage failed (exit " + exit + "), log " + formatLog
                    + ":\n" + ChildProcess.tail(formatLog, 30));
        }
    }

    private void launch(Path libDir) {
        awaitReady(spawn(libDir));
    }

    /** Starts the broker process without waiting for it to serve. */
    ChildProcess spawn() {
        return spawn(libDir());
    }

    private ChildProcess spawn(Path libDir) {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-Xms128m",
                "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + workDir.resolve("log4j2.xml"),
                "-Dkafka.logs.dir=" + workDir,
                "-cp", libDir + "/*", "kafka.Kafka", workDir.resolve("server.properties").toString()));
        ChildProcess process = ChildProcess.start("kafka", command, workDir, logFile(), Map.of());
        Properties state = new Properties();
        state.setProperty("port", Integer.toString(port));
        state.setProperty("controllerPort", Integer.toString(controllerPort));
        state.setProperty("pid", Long.toString(process.pid()));
        StateFile.write(workDir, state);
        return process;
    }

    void awaitReady(ChildProcess process) {
        try (Admin admin = admin()) {
            boolean ready = Poll.until(READY_TIMEOUT, Duration.ofMillis(200), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka broker exited during startup; log " + logFile() + ":\n"
                            + process.logTail(40));
                }
                return serves(admin);
            });
            if (!ready) {
                process.kill();
                throw new IllegalStateException("Kafka broker not ready within " + READY_TIMEOUT.toSeconds()
                        + " s; log " + logFile() + ":\n" + process.logTail(40));
            }
        }
    }

    private static boolean serves(Admin admin) {
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                    .nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> javaCommand(Path libDir, List<String> mainAndArgs) {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx256m", "-cp", libDir + "/*"));
        command.addAll(mainAndArgs);
        return command;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + workDir + "]";
    }

    /** INFO, minus the per-partition and config-dump chatter, on stdout (which goes to broker.log). */
    private static final String LOG4J2_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Configuration status="WARN">
              <Appenders>
                <Console name="stdout" target="SYSTEM_OUT">
                  <PatternLayout pattern="[%d] %p %m (%c)%n"/>
                </Console>
              </Appenders>
              <Loggers>
                <Root level="INFO"><AppenderRef ref="stdout"/></Root>
                <Logger name="org.apache.kafka.common.config.AbstractConfig" level="WARN"/>
                <Logger name="state.change.logger" level="WARN"/>
                <Logger name="kafka.log" level="WARN"/>
                <Logger name="org.apache.kafka.storage.internals.log" level="WARN"/>
                <Logger name="kafka.request.logger" level="WARN"/>
                <Logger name="org.apache.kafka.image.loader" level="WARN"/>
              </Loggers>
            </Configuration>
            """;
}
