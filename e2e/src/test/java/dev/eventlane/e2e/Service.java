package dev.eventlane.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import dev.eventlane.platform.time.ShiftedClock;
import dev.eventlane.testkit.ChildProcess;
import dev.eventlane.testkit.Ports;

/** One packaged Eventlane service ({@code <module>/target/quarkus-app}) run as a process, as in production. */
final class Service {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String module;
    private final Map<String, String> config;
    private final Path logFile;
    private final int port = Ports.free();
    private ChildProcess process;

    Service(String module, Map<String, String> config, Path logDir) {
        this.module = module;
        this.config = config;
        this.logFile = logDir.resolve(module + ".log");
    }

    static Path repo() {
        return Path.of(System.getProperty("eventlane.repo", "..")).toAbsolutePath().normalize();
    }

    /** Starts the process and waits until its readiness check passes. */
    Service start() {
        Path jar = repo().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn package)");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m", "-Dquarkus.http.port=" + port));
        if (module.equals("query-api")) {
            // The tests' users sign up freely; plans are set by the operator (IssuedKey).
            command.addAll(List.of("-Deventlane.control.signup=open",
                    "-Deventlane.control.operator-email=" + IssuedKey.OPERATOR_EMAIL,
                    "-Deventlane.control.operator-password=" + IssuedKey.OPERATOR_PASSWORD));
        }
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        // The services run on the tests' calendar (the clock sweep moves both).
        String shift = System.getProperty(ShiftedClock.PROPERTY);
        if (shift != null && !shift.isBlank()) {
            command.add("-D" + ShiftedClock.PROPERTY + "=" + shift);
        }
        command.addAll(List.of("-jar", jar.toString()));
        process = ChildProcess.start(module, command, repo().resolve(module), logFile, Map.of());
        try {
            Awaitility.await(module + " ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(this::ready);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(module + " did not become ready; log tail:\n" + process.logTail(60), e);
        }
        return this;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
    void kill() {
        process.kill();
    }

    void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(20));
        }
    }

    /** Whether the process was started and has not ended (or been killed) since. */
    boolean running() {
        return process != null && process.isAlive();
    }

    String module() {
        return module;
    }

    /** The process id, e.g. to read its CPU time from {@code /proc}. */
    long pid() {
        return process.pid();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Whether the process runs and its readiness check passes now. */
    boolean isReady() {
        return running() && ready();
    }

    /** The status of {@code /q/health/<check>} ({@code live}, {@code ready}); 0 when the service does not answer. */
    int health(String check) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/" + check))
                    .timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException(module + " exited; log tail:\n" + process.logTail(60));
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
