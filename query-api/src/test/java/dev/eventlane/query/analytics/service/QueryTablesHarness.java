package dev.eventlane.query.analytics.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import dev.eventlane.bench.EventGenerator;
import dev.eventlane.bench.SimEvent;
import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseMigrations;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.testkit.ClickHouseServer;
import dev.eventlane.testkit.Ports;

/**
 * Times the analytics reads on the benchmark's dataset without a stack: a ClickHouse of its own (testkit), the
 * migrations applied, the benchmark's events (its {@link EventGenerator}: 100k users, three funnels, from 2026-10,
 * retries dropped as the de-duplication does) inserted straight into {@code events}, and the tables the analytics
 * stage derives from them filled by the same rules (active days, sessions by their ids, the funnel step catalog);
 * the views and the migrations' backfills fill the rest. Then each read, through the repository the endpoint calls,
 * runs {@code RUNS} times after a warm-up: p50 and p99 per read, printed and appended to
 * {@code target/query-tables.txt}.
 *
 * <p>Not a test (the name keeps it out of the suite). Run it alone, niced: {@code -Dtest=QueryTablesHarness
 * -Dharness.events=10000000 -Dharness.dir=/tmp/qt-data -Dharness.only=/events,/dau}; a kept data directory is
 * reused, each table filled only when empty.
 */
class QueryTablesHarness {

    private static final String PROJECT = "bench";
    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");
    private static final int RUNS = Integer.getInteger("harness.runs", 20);
    private static final int BATCH = 500_000;
    private static final int SESSION_PARTS = 8;
    /** The reads to time, by name, comma-separated; all when absent. */
    private static final String ONLY = System.getProperty("harness.only", "");

    @Test
    void measure() throws Exception {
        long total = Long.getLong("harness.events", 10_000_000L);
        Path dir = Path.of(System.getProperty("harness.dir", "target/query-tables-clickhouse"));
        ClickHouseServer server = ClickHouseServer.start(dir, Ports.free(), Ports.free());
        try {
            ClickHouseClient clickhouse = new ClickHouseClient(server.httpUrl(), "eventlane_harness",
                    Duration.ofMinutes(30));
            ClickHouseMigrations.apply(clickhouse);
            load(clickhouse, total);
            awaitMerges(clickhouse);
            report(time(clickhouse));
        } finally {
            server.stop();
        }
    }

    private static void load(ClickHouseClient clickhouse, long total) {
        long started = System.nanoTime();
        if (isEmpty(clickhouse, "events")) {
            EventGenerator generator = new EventGenerator(42, "harness", 100_000,
                    Instant.parse("2026-10-01T00:00:00Z"));
            StringBuilder rows = new StringBuilder();
            String previous = "";
            long offset = 0;
            while (offset < total) {
                SimEvent event = generator.next();
                if (event.eventId().equals(previous)) {
                    continue; // a retry: the de-duplication drops it
                }
                previous = event.eventId();
                appendEvent(rows, event, offset++);
                if (offset % BATCH == 0 || offset == total) {
                    clickhouse.insertTsv("events", "project_id, event_id, source, name, user_id, session_id, funnel,"
                            + " platform, ts_ms, received_ms, data, ip, user_agent, browser, os, device, country,"
                            + " kafka_partition, kafka_offset", rows.toString().getBytes(StandardCharsets.UTF_8));
                    rows.setLength(0);
                }
            }
        }
        // What the analytics stage publishes, by its rules: one row per user and UTC day; each session with its first
        // and last event; the earliest time of each funnel action. Each table is filled when empty, so a run that
        // stopped half way goes on where it stopped.
        if (isEmpty(clickhouse, "user_days")) {
            clickhouse.execute("INSERT INTO user_days (project_id, user_id, day, kafka_partition, kafka_offset)"
                    + " SELECT project_id, user_id, toDate(ts), 0, 0 FROM events GROUP BY project_id, user_id,"
                    + " toDate(ts)");
        }
        if (isEmpty(clickhouse, "sessions")) {
            clickhouse.execute("TRUNCATE TABLE sessions_by_start");
            for (int part = 0; part < SESSION_PARTS; part++) {
                // By parts of the users: 4.5M sessions in one GROUP BY exceed the testkit's memory limit per query.
                clickhouse.execute("INSERT INTO sessions (project_id, user_id, session_id, inferred, start_ms, end_ms,"
                        + " event_count, entry_action, exit_action, deleted, kafka_partition, kafka_offset)"
                        + " SELECT project_id, user_id, session_id, 0, min(ts_ms), max(ts_ms), count(),"
                        + " argMin(name, ts_ms), argMax(name, ts_ms), 0, 0, 1 FROM events"
                        + " WHERE cityHash64(user_id) % " + SESSION_PARTS + " = " + part
                        + " GROUP BY project_id, user_id, session_id");
            }
        }
        if (isEmpty(clickhouse, "funnel_steps")) {
            clickhouse.execute("INSERT INTO funnel_steps (project_id, funnel, action, first_ms, kafka_partition,"
                    + " kafka_offset) SELECT project_id, funnel, name, min(ts_ms), 0, 0 FROM events"
                    + " WHERE funnel != '' GROUP BY project_id, funnel, name");
        }
        System.out.printf("loaded %s events in %.1f s%n", clickhouse.selectOne("SELECT count() FROM events"),
                (System.nanoTime() - started) / 1e9);
    }

    private static boolean isEmpty(ClickHouseClient clickhouse, String table) {
        return "0".equals(clickhouse.selectOne("SELECT count() FROM " + table));
    }

    private static void appendEvent(StringBuilder out, SimEvent event, long offset) {
        String data = event.amountCents() < 0 ? "{}"
                : "{\"amount\":" + event.amountCents() / 100 + "." + String.format("%02d", event.amountCents() % 100)
                        + ",\"currency\":\"USD\"}";
        out.append(PROJECT).append('\t').append(event.eventId()).append("\tloglogic\t").append(event.action())
                .append('\t').append(event.userId()).append('\t').append(event.sessionId()).append('\t')
                .append(event.funnel()).append('\t').append(event.platform()).append('\t').append(event.tsMs())
                .append('\t').append(event.tsMs()).append('\t');
        Sql.appendTsv(out, data);
        out.append("\t127.0.0.1\teventlane-bench/1\t\t\t\t\t").append(offset % 3).append('\t').append(offset)
                .append('\n');
    }

    /** Waits (up to 10 minutes, then times anyway) for background merges to settle before timing. */
    private static void awaitMerges(ClickHouseClient clickhouse) {
        try {
            Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> "0".equals(clickhouse.selectOne("SELECT count() FROM system.merges")));
        } catch (ConditionTimeoutException e) {
            System.out.println("  merges still running after 10 minutes; timing anyway");
        }
    }

    private static Map<String, Supplier<Object>> reads(ClickHouseClient clickhouse) {
        UserDayRepository userDays = new UserDayRepository(clickhouse);
        SessionRepository sessions = new SessionRepository(clickhouse);
        FunnelRepository funnels = new FunnelRepository(clickhouse);
        EventRepository events = new EventRepository(clickhouse, clickhouse, null);
        TimeRange all = TimeRange.parse(null, null, "all");
        Supplier<java.util.Optional<LocalDate>> first = () -> userDays.firstActiveDay(PROJECT);
        Map<String, Supplier<Object>> reads = new LinkedHashMap<>();
        reads.put("/events", () -> events.find(PROJECT, new EventFilter(null, null, null, null, null, 100, null)));
        reads.put("/events?action", () -> events.find(PROJECT,
                new EventFilter("purchase", null, null, null, null, 100, null)));
        reads.put("/sessions?range=all", () -> {
            TimeRange.Instants range = all.instants(NOW);
            return List.of(sessions.find(PROJECT, range, null, 100), sessions.count(PROJECT, range, null));
        });
        reads.put("/funnel?window=30m", () -> {
            TimeRange.Instants range = all.instants(NOW);
            List<String> steps = funnels.steps(PROJECT, "checkout");
            return funnels.usersReachingFromLevels(PROJECT, "checkout", steps, range, 1_800_000)
                    .orElseGet(() -> funnels.usersReaching(PROJECT, "checkout", steps, range, 1_800_000));
        });
        reads.put("/retention", () -> userDays.retention(PROJECT, RetentionInterval.DAY, all.days(NOW, first),
                RetentionInterval.DAY.defaultPeriods()));
        reads.put("/retention?week", () -> userDays.retention(PROJECT, RetentionInterval.WEEK, all.days(NOW, first),
                RetentionInterval.WEEK.defaultPeriods()));
        reads.put("/dau", () -> userDays.activeUsers(PROJECT, all.days(NOW, first)));
        return reads;
    }

    private static Map<String, String> time(ClickHouseClient clickhouse) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<Object>> read : reads(clickhouse).entrySet()) {
            if (!ONLY.isEmpty() && !List.of(ONLY.split(",")).contains(read.getKey())) {
                continue;
            }
            Object answer = null;
            for (int i = 0; i < 2; i++) {
                answer = read.getValue().get();
            }
            double[] ms = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long start = System.nanoTime();
                read.getValue().get();
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(ms);
            String line = String.format("%-22s p50 %8.1f ms  p99 %8.1f ms  min %8.1f  answer %s", read.getKey(),
                    ms[RUNS / 2], ms[(int) Math.ceil(RUNS * 0.99) - 1], ms[0], summary(answer));
            System.out.println(line);
            lines.put(read.getKey(), line);
        }
        return lines;
    }

    /** A short fingerprint of an answer, to see that before and after agree. */
    private static String summary(Object answer) {
        String text = answer instanceof long[] users ? Arrays.toString(users)
                : answer instanceof Map<?, ?> map && map.values().stream().allMatch(v -> v instanceof long[])
                        ? map.entrySet().stream().map(e -> e.getKey() + "=" + Arrays.toString((long[]) e.getValue()))
                                .toList().toString()
                        : String.valueOf(answer);
        return Integer.toHexString(text.hashCode()) + " (" + text.length() + " chars)";
    }

    private static void report(Map<String, String> lines) {
        try {
            List<String> out = new ArrayList<>(lines.values());
            Files.write(Path.of("target/query-tables.txt"), out, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
