package dev.eventlane.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process' CPU time (user and system) from {@code /proc/<pid>/stat}, and its share of a core over a window. */
final class ProcessCpu {

    private final long pid;
    private final long ticksPerSecond = clockTicks();
    private long lastTicks;
    private long lastNanos;

    ProcessCpu(long pid) {
        this.pid = pid;
        restart();
    }

    /** Starts a new window now. */
    void restart() {
        lastTicks = ticks();
        lastNanos = System.nanoTime();
    }

    /** The CPU used since the window began, as a share of one core (1.0 = one core busy), and starts a new one. */
    double coresSinceLast() {
        long ticks = ticks();
        long nanos = System.nanoTime();
        double cpuSeconds = (double) (ticks - lastTicks) / ticksPerSecond;
        double wallSeconds = (nanos - lastNanos) / 1e9;
        lastTicks = ticks;
        lastNanos = nanos;
        return cpuSeconds / wallSeconds;
    }

    /** utime + stime: fields 14 and 15, counted after the command name, which may hold spaces. */
    private long ticks() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of pid " + pid, e);
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
