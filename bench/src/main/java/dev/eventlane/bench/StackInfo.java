package dev.eventlane.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The running local stack, as {@code ./eventlane up} describes it in {@code .eventlane/}. */
record StackInfo(Map<String, String> env, Path pidDir) {

    static StackInfo read(Path stateDir) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(stateDir.resolve("stack.env"))) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return new StackInfo(env, stateDir.resolve("pids"));
    }

    String get(String name) {
        String value = env.get(name);
        if (value == null) {
            throw new IllegalStateException(name + " missing from stack.env: run ./eventlane up");
        }
        return value;
    }

    String ingestUrl() {
        return get("EVENTLANE_INGEST_URL");
    }

    String queryUrl() {
        return get("EVENTLANE_QUERY_URL");
    }

    String streamsUrl() {
        return get("EVENTLANE_STREAMS_URL");
    }

    /** The key of the project benchmarks write to, so they never mix with the demo project's events. */
    String benchKey() {
        return get("EVENTLANE_BENCH_KEY");
    }

    String kafka() {
        return get("EVENTLANE_KAFKA");
    }

    String clickhouseUrl() {
        return get("EVENTLANE_CLICKHOUSE_URL");
    }

    /** Process name to pid, from the pid files {@code up} wrote. */
    Map<String, Long> pids() throws IOException {
        Map<String, Long> pids = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(pidDir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
                pids.put(name, Long.parseLong(Files.readString(file).strip()));
            }
        }
        return pids;
    }

    /**
     * Peak resident memory (VmHWM) of each process and its children (ClickHouse and PostgreSQL fork), in MiB.
     */
    Map<String, Long> peakRssMiB() throws IOException {
        Map<String, Long> peaks = new LinkedHashMap<>();
        for (Map.Entry<String, Long> pid : pids().entrySet()) {
            long kib = ProcessHandle.of(pid.getValue()).map(h -> Stream.concat(Stream.of(h), h.descendants())
                    .mapToLong(p -> vmHwmKiB(p.pid())).sum()).orElse(0L);
            peaks.put(pid.getKey(), kib / 1024);
        }
        return peaks;
    }

    private static long vmHwmKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
