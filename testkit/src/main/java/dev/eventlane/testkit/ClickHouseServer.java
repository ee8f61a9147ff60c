package dev.eventlane.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real ClickHouse server run as a child process, with its data in its own directory.
 *
 * <p>Why: the query and stream modules write and read ClickHouse over HTTP; testing against the real
 * server catches SQL the server does not accept. The binary comes from Debian's
 * {@code clickhouse-server} package (18.16), installed by {@code ./eventlane install}; it is
 * {@code /usr/bin/clickhouse server} in upstream packages and {@code /usr/sbin/clickhouse-server} in
 * Debian's, and {@code EVENTLANE_CLICKHOUSE_BIN} overrides both.
 */
public final class ClickHouseServer {

    /**
     * A user every server started here has beside {@code default}: its profile is {@code readonly=2} (reads and
     * settings, no writes or DDL, and the request cannot lower it), as query-api's reads need.
     */
    public static final String READ_ONLY_USER = "eventlane_reader";
    /** That user's password: tests only. */
    public static final String READ_ONLY_PASSWORD = "reader-password-for-tests";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Path workDir;
    private final int httpPort;
    private final int tcpPort;
    private volatile ChildProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ClickHouseServer(Path workDir, int httpPort, int tcpPort, ChildProcess process) {
        this.workDir = workDir;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
        this.process = process;
    }

    /** Starts a server on free ports with its data in a new temp directory, and waits until {@code /ping} answers. */
    public static ClickHouseServer start() {
        command(); // fail on a missing binary before leaving a temp directory behind
        return start(Dirs.temp("eventlane-clickhouse-"), Ports.free(), Ports.free());
    }

    /**
     * Starts a server on free ports that has, beside the password-less {@code default} user, {@code user} with
     * {@code password} (stored as its SHA-256): for tests of clients that log in.
     */
    public static ClickHouseServer startWithUser(String user, String password) {
        command();
        return start(Dirs.temp("eventlane-clickhouse-"), Ports.free(), Ports.free(),
                USERS_XML.replace("    </users>", passwordUser(user, password, "default") + "    </users>"));
    }

    /** Starts a server keeping its data in {@code workDir/data} (kept across starts). */
    public static ClickHouseServer start(Path workDir, int httpPort, int tcpPort) {
        return start(workDir, httpPort, tcpPort, USERS_XML);
    }

    private static ClickHouseServer start(Path workDir, int httpPort, int tcpPort, String usersXml) {
        Path dir = workDir.toAbsolutePath();
        Dirs.create(dir);
        Dirs.write(dir.resolve("config.xml"), config(dir, httpPort, tcpPort));
        Dirs.write(dir.resolve("users.xml"), usersXml);
        ClickHouseServer server = new ClickHouseServer(dir, httpPort, tcpPort, null);
        server.launch();
        return server;
    }

    private void launch() {
        List<String> command = command();
        command.add("--config-file=" + workDir.resolve("config.xml"));
        process = ChildProcess.start("clickhouse", command, workDir, workDir.resolve("clickhouse.out"), Map.of());
        Properties state = new Properties();
        state.setProperty("httpPort", Integer.toString(httpPort));
        state.setProperty("tcpPort", Integer.toString(tcpPort));
        state.setProperty("pid", Long.toString(process.pid()));
        StateFile.write(workDir, state);
        awaitReady();
    }

    /** The server whose work directory is {@code workDir}, started earlier, maybe by another class loader. */
    static ClickHouseServer attach(Path workDir) {
        Properties state = StateFile.read(workDir);
        ChildProcess process = ChildProcess.attach("clickhouse", Long.parseLong(state.getProperty("pid")),
                workDir.resolve("clickhouse.out")).orElse(null);
        return new ClickHouseServer(workDir, StateFile.intValue(state, "httpPort"),
                StateFile.intValue(state, "tcpPort"), process);
    }

    /** The command that runs the server, without the config file argument. */
    static List<String> command() {
        String fromEnv = System.getenv("EVENTLANE_CLICKHOUSE_BIN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return executable(Path.of(fromEnv), fromEnv.endsWith("/clickhouse"));
        }
        if (Files.isExecutable(Path.of("/usr/bin/clickhouse"))) {
            return executable(Path.of("/usr/bin/clickhouse"), true);
        }
        if (Files.isExecutable(Path.of("/usr/sbin/clickhouse-server"))) {
            return executable(Path.of("/usr/sbin/clickhouse-server"), false);
        }
        throw new IllegalStateException("ClickHouse not found (neither /usr/bin/clickhouse nor "
                + "/usr/sbin/clickhouse-server): run ./eventlane install");
    }

    private static List<String> executable(Path binary, boolean multiTool) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("ClickHouse binary " + binary + " is not executable: run ./eventlane install");
        }
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if (multiTool) {
            command.add("server");
        }
        return command;
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The native protocol port, for {@code clickhouse-client --port}. */
    public int tcpPort() {
        return tcpPort;
    }

    public Path workDir() {
        return workDir;
    }

    /** The server's own log (level warning); its stdout/stderr are in {@code clickhouse.out} beside it. */
    public Path logFile() {
        return workDir.resolve("clickhouse-server.log");
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Runs one statement over HTTP and returns the response body (TabSeparated by default).
     * Fails with the server's message on an error, so a test sees why the SQL was refused.
     */
    public String execute(String sql) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl() + "/"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(sql))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse answered " + response.statusCode() + " to [" + sql + "]: "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("ClickHouse at " + httpUrl() + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** SIGTERM, waiting for the server to end; SIGKILL if it takes over 20 s. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(STOP_GRACE);
        }
    }

    /** SIGKILL: the server dies without a clean shutdown, as in a crash. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    /** Kills the server and deletes its work directory: the end of a test's own server. */
    public synchronized void destroy() {
        kill();
        Dirs.deleteQuietly(workDir);
    }

    /**
     * Stops the server if it still runs, then starts it again on the same ports with the same data and waits until
     * it answers; also the way back after {@link #stop()} or {@link #kill()}.
     */
    public synchronized void restart() {
        stop();
        launch();
    }

    private void awaitReady() {
        boolean ready = Poll.until(READY_TIMEOUT, Duration.ofMillis(100), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("ClickHouse exited during startup; see " + logFile() + " and "
                        + process.logFile() + ":\n" + process.logTail(20) + "\n"
                        + ChildProcess.tail(workDir.resolve("clickhouse-server.err.log"), 20));
            }
            return pings();
        });
        if (!ready) {
            process.kill();
            throw new IllegalStateException("ClickHouse not ready within " + READY_TIMEOUT.toSeconds() + " s; see "
                    + logFile() + ":\n" + ChildProcess.tail(workDir.resolve("clickhouse-server.err.log"), 20));
        }
    }

    private boolean pings() {
        HttpRequest ping = HttpRequest.newBuilder(URI.create(httpUrl() + "/ping")).timeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> response = http.send(ping, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().startsWith("Ok.");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "ClickHouseServer[" + httpUrl() + ", " + workDir + "]";
    }

    private static String config(Path dir, int httpPort, int tcpPort) {
        return """
                <?xml version="1.0"?>
                <!-- Written by dev.eventlane.testkit.ClickHouseServer: a local server for tests and ./eventlane up. -->
                <yandex>
                    <logger>
                        <level>warning</level>
                        <log>%1$s/clickhouse-server.log</log>
                        <errorlog>%1$s/clickhouse-server.err.log</errorlog>
                        <size>100M</size>
                        <count>2</count>
                    </logger>
                    <http_port>%2$d</http_port>
                    <tcp_port>%3$d</tcp_port>
                    <listen_host>127.0.0.1</listen_host>
                    <max_connections>256</max_connections>
                    <keep_alive_timeout>10</keep_alive_timeout>
                    <max_concurrent_queries>100</max_concurrent_queries>
                    <uncompressed_cache_size>268435456</uncompressed_cache_size>
                    <mark_cache_size>268435456</mark_cache_size>
                    <path>%1$s/data/</path>
                    <tmp_path>%1$s/tmp/</tmp_path>
                    <user_files_path>%1$s/user_files/</user_files_path>
                    <format_schema_path>%1$s/format_schemas/</format_schema_path>
                    <users_config>%1$s/users.xml</users_config>
                    <default_profile>default</default_profile>
                    <default_database>default</default_database>
                    <timezone>UTC</timezone>
                    <max_session_timeout>3600</max_session_timeout>
                    <default_session_timeout>60</default_session_timeout>
                </yandex>
                """.formatted(dir, httpPort, tcpPort);
    }

    private static String passwordUser(String user, String password, String profile) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return """
                        <%s>
                            <password_sha256_hex>%s</password_sha256_hex>
                            <networks>
                                <ip>::1</ip>
                                <ip>127.0.0.1</ip>
                            </networks>
                            <profile>%s</profile>
                            <quota>default</quota>
                        </%1$s>
                    """.formatted(user, HexFormat.of().formatHex(hash), profile);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String BASE_USERS_XML = """
            <?xml version="1.0"?>
            <!-- The default user without password and a read-only user, reachable from the loopback interface only. -->
            <yandex>
                <profiles>
                    <default>
                        <max_memory_usage>4000000000</max_memory_usage>
                        <use_uncompressed_cache>0</use_uncompressed_cache>
                        <load_balancing>random</load_balancing>
                    </default>
                    <readonly>
                        <max_memory_usage>4000000000</max_memory_usage>
                        <use_uncompressed_cache>0</use_uncompressed_cache>
                        <load_balancing>random</load_balancing>
                        <readonly>2</readonly>
                    </readonly>
                </profiles>
                <users>
                    <default>
                        <password></password>
                        <networks>
                            <ip>::1</ip>
                            <ip>127.0.0.1</ip>
                        </networks>
                        <profile>default</profile>
                        <quota>default</quota>
                    </default>
                </users>
                <quotas>
                    <default>
                        <interval>
                            <duration>3600</duration>
                            <queries>0</queries>
                            <errors>0</errors>
                            <result_rows>0</result_rows>
                            <read_rows>0</read_rows>
                            <execution_time>0</execution_time>
                        </interval>
                    </default>
                </quotas>
            </yandex>
            """;

    private static final String USERS_XML = BASE_USERS_XML.replace("    </users>",
            passwordUser(READ_ONLY_USER, READ_ONLY_PASSWORD, "readonly") + "    </users>");
}
