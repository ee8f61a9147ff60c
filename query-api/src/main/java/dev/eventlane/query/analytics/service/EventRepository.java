package dev.eventlane.query.analytics.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.query.config.ClickHouseWriter;
import dev.eventlane.query.config.QueryConfig;
import dev.eventlane.schemas.pipeline.Tables;

/** Raw events of one project in ClickHouse. Every statement is confined to the project ({@link Where}). */
@ApplicationScoped
public class EventRepository {

    private static final String COLUMNS = "event_id, name, user_id, funnel, session_id, platform, ts_ms, received_ms,"
            + " data, source, ip, user_agent, browser, os, device, country";
    private static final String[] CONTEXT_FIELDS = {"ip", "user_agent", "browser", "os", "device", "country"};
    private static final long HOUR_MS = 3_600_000L;
    /** The newest hours {@link #newestHours} reads at most; a page older than those reads the whole range. */
    private static final int HINT_HOURS = 5_000;
    /** Between polls of a running deletion. */
    private static final long DELETE_POLL_NANOS = 100_000_000L;

    private final ClickHouseClient clickhouse;
    /** Deletions only: the reader may not write. */
    private final ClickHouseClient writer;
    private final QueryConfig config;

    public EventRepository(ClickHouseClient clickhouse, @ClickHouseWriter ClickHouseClient writer,
            QueryConfig config) {
        this.clickhouse = clickhouse;
        this.writer = writer;
        this.config = config;
    }

    /**
     * Newest first; one more row than asked for is read to learn whether another page exists.
     *
     * <p>Two steps, because ClickHouse 18.16 sorts every matching row with every selected column: first the event time
     * of the last row wanted, reading the time column only; then the rows at or after that time, which the primary key
     * (project, time) narrows to a few granules. Without a filter but time, the first step reads only the last hours
     * that hold the page by the per-hour counts of {@code event_hours} ({@link #newestHours}), not the whole range.
     */
    public List<StoredEvent> find(String projectId, EventFilter filter) {
        String where = where(projectId, filter);
        int rows = filter.limit() + 1;
        List<String[]> cutoff = null;
        if (filter.action() == null && filter.userId() == null && filter.funnel() == null) {
            cutoff = cutoffInRecentHours(projectId, filter, where, rows);
        }
        if (cutoff == null) {
            cutoff = clickhouse.select("SELECT ts_ms FROM events" + where + " ORDER BY ts_ms DESC LIMIT "
                    + (rows - 1) + ", 1");
        }
        String bounded = cutoff.isEmpty() ? where : where + " AND ts_ms >= " + Long.parseLong(cutoff.get(0)[0]);
        List<StoredEvent> events = new ArrayList<>();
        for (String[] row : clickhouse.select("SELECT " + COLUMNS + " FROM events" + bounded
                + " ORDER BY ts_ms DESC, event_id DESC LIMIT " + rows)) {
            events.add(toEvent(row));
        }
        return events;
    }

    /**
     * The time of the {@code rows}-th newest event, read from the newest hours that hold at least that many events by
     * {@code event_hours}: one row, or null when the hours cannot say (they hold fewer in the range, or the window
     * would be the whole range anyway). The counts are a hint only: when the window turns out to hold fewer events
     * (counts too high, as after a deletion), it is widened until it holds them or the hint runs out.
     */
    private List<String[]> cutoffInRecentHours(String projectId, EventFilter filter, String where, int rows) {
        Long upper = filter.toMs();
        if (filter.after() != null) {
            long afterMs = filter.after().tsMs() + 1;
            upper = upper == null ? afterMs : Math.min(upper, afterMs);
        }
        List<long[]> hours = newestHours(projectId, filter.fromMs(), upper);
        for (long need = rows; ; need *= 4) {
            long seen = 0;
            Long windowFrom = null;
            for (long[] hour : hours) {
                seen += hour[1];
                if (seen >= need) {
                    windowFrom = hour[0];
                    break;
                }
            }
            if (windowFrom == null || (filter.fromMs() != null && windowFrom <= filter.fromMs())) {
                return null;
            }
            List<String[]> cutoff = clickhouse.select("SELECT ts_ms FROM events" + where + " AND ts_ms >= "
                    + windowFrom + " ORDER BY ts_ms DESC LIMIT " + (rows - 1) + ", 1");
            if (!cutoff.isEmpty()) {
                return cutoff;
            }
        }
    }

    /**
     * The project's hours with events by {@code event_hours} that can hold events of [fromMs, upper): each the hour's
     * first millisecond and its count, newest first, at most {@value #HINT_HOURS}.
     */
    private List<long[]> newestHours(String projectId, Long fromMs, Long upper) {
        Where where = Where.project(projectId).atLeast("hour_ms", fromMs == null ? null : fromMs - HOUR_MS + 1)
                .below("hour_ms", upper);
        List<long[]> hours = new ArrayList<>();
        for (String[] row : clickhouse.select("SELECT hour_ms, sum(events) FROM event_hours" + where
                + " GROUP BY hour_ms ORDER BY hour_ms DESC LIMIT " + HINT_HOURS)) {
            hours.add(new long[] {Long.parseLong(row[0]), Long.parseLong(row[1])});
        }
        return hours;
    }

    private static String where(String projectId, EventFilter filter) {
        Where where = Where.project(projectId).equal("name", filter.action()).equal("user_id", filter.userId())
                .equal("funnel", filter.funnel()).atLeast("ts_ms", filter.fromMs()).below("ts_ms", filter.toMs());
        Cursor after = filter.after();
        if (after != null) {
            where.and("(ts_ms < " + after.tsMs() + " OR (ts_ms = " + after.tsMs() + " AND event_id < "
                    + Sql.quote(after.eventId()) + "))");
        }
        return where.toString();
    }

    /**
     * Deletes every row of the project, raw events, everything derived from them and the alerts that fired, and
     * waits (bounded) until ClickHouse finished, so a following read no longer sees them.
     *
     * @return how many raw events there were
     */
    public long deleteAll(String projectId) {
        return delete(Where.project(projectId).toString(), Tables.projectDeletion(),
                System.nanoTime() + config.deleteTimeout().toNanos());
    }

    /**
     * Deletes one user's rows of the project from {@code tables} (the first being {@code events}) and waits until
     * ClickHouse finished, or until {@code deadline} ({@link System#nanoTime()}).
     *
     * @return how many raw events of the user there were
     */
    public long deleteUser(String projectId, String userId, List<String> tables, long deadline) {
        return delete(Where.project(projectId).equal("user_id", userId).toString(), tables, deadline);
    }

    private long delete(String where, List<String> tables, long deadline) {
        long count = rows("events", where);
        List<String> mutated = new ArrayList<>();
        for (String table : tables) {
            // A mutation rewrites the table's parts: none for a table without matching rows.
            if ((table.equals("events") ? count : rows(table, where)) > 0) {
                writer.execute("ALTER TABLE " + table + " DELETE" + where);
                mutated.add(table);
            }
        }
        if (mutated.isEmpty()) {
            return 0;
        }
        String pending = "SELECT count() FROM system.mutations WHERE database = " + Sql.quote(clickhouse.database())
                + " AND table IN (" + mutated.stream().map(Sql::quote).collect(Collectors.joining(", "))
                + ") AND is_done = 0";
        while (System.nanoTime() < deadline) {
            if ("0".equals(clickhouse.selectOne(pending))) {
                return count;
            }
            LockSupport.parkNanos(DELETE_POLL_NANOS);
        }
        throw deletePending();
    }

    /** A deletion that was started but is not finished within the wait. */
    public static ApiException deletePending() {
        return new ApiException(503, "delete_pending",
                "Deletion accepted but not finished yet; repeat the request later to confirm");
    }

    private long rows(String table, String where) {
        return Long.parseLong(clickhouse.selectOne("SELECT count() FROM " + table + where));
    }

    private static StoredEvent toEvent(String[] row) {
        Map<String, String> context = new LinkedHashMap<>();
        for (int i = 0; i < CONTEXT_FIELDS.length; i++) {
            String value = row[10 + i];
            if (!value.isEmpty()) {
                context.put(CONTEXT_FIELDS[i], value);
            }
        }
        return new StoredEvent(row[0], row[1], emptyToNull(row[2]), emptyToNull(row[3]), emptyToNull(row[4]),
                emptyToNull(row[5]), Instant.ofEpochMilli(Long.parseLong(row[6])).toString(),
                Instant.ofEpochMilli(Long.parseLong(row[7])).toString(), row[8], row[9], context);
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
