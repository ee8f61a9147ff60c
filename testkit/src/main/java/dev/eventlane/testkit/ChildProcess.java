package dev.eventlane.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server run as a child process of this JVM, its output appended to a log file.
 *
 * <p>Why: the test servers are real processes, and a test JVM that ends (normally, by an exception
 * or by Ctrl-C) must not leave a broker or a database behind. Every process started here is
 * killed (SIGKILL) by a shutdown hook unless it was stopped before. Stopping works by pid, so it
 * also works on a process started by another class loader of the same JVM (Quarkus tests load the
 * testkit more than once).
 */
public final class ChildProcess {

    private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::killAll, "eventlane-testkit-reaper"));
    }

    private final String name;
    private final ProcessHandle handle;
    private final Path logFile;

    private ChildProcess(String name, ProcessHandle handle, Path logFile) {
        this.name = name;
        this.handle = handle;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} in {@code workDir}, stdout and stderr appended to {@code logFile}, with
     * {@code env} added to this JVM's environment.
     */
    public static ChildProcess start(String name, List<String> command, Path workDir, Path logFile,
                                     Map<String, String> env) {
        Process process = launch(name, command, workDir, logFile, env);
        LIVE.add(process.toHandle());
        return new ChildProcess(name, process.toHandle(), logFile);
    }

    private static Process launch(String name, List<String> command, Path workDir, Path logFile,
                                  Map<String, String> env) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(env);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /**
     * Runs a short command to its end (e.g. formatting storage) and returns its exit code; output
     * goes to {@code logFile}. Fails if it runs longer than {@code timeout}.
     */
    public static int run(String name, List<String> command, Path workDir, Path logFile, Duration timeout) {
        Process process = launch(name, command, workDir, logFile, Map.of());
        LIVE.add(process.toHandle());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within " + timeout + "; log: " + logFile);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + name, e);
        } finally {
            LIVE.remove(process.toHandle());
        }
    }

    /** A view on a process started earlier, maybe by another class loader, known by its pid. */
    public static Optional<ChildProcess> attach(String name, long pid, Path logFile) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(handle -> new ChildProcess(name, handle, logFile));
    }

    public long pid() {
        return handle.pid();
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGTERM, then SIGKILL if the process is still there after {@code grace}. */
    public void stop(Duration grace) {
        if (!handle.isAlive()) {
            LIVE.remove(handle);
            return;
        }
        handle.destroy();
        if (!awaitExit(grace)) {
            kill();
        }
        LIVE.remove(handle);
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
        if (!awaitExit(Duration.ofSeconds(30))) {
            throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL");
        }
        LIVE.remove(handle);
    }

    /** The last {@code lines} lines of the log, to put in a failure message. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log at " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(),
                    new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size())));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        } catch (ExecutionException e) {
            return !handle.isAlive();
        }
    }

    private static void killAll() {
        for (ProcessHandle process : LIVE) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ", log " + logFile + ")";
    }
}
