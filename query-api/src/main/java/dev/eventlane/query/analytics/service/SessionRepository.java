package dev.eventlane.query.analytics.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventlane.platform.clickhouse.ClickHouseClient;

/**
 * Sessions as the stream-processors last published them: every change is a new row of
 * (project, user, session) and the newest wins, so reads go through {@code FINAL}, which merges the versions before
 * {@code WHERE} drops the sessions merged away ({@code deleted = 1}).
 *
 * <p>Two tables hold them: {@code sessions}, keyed by user, for the reads of given users, and {@code
 * sessions_by_start}, keyed by start, for the reads of a time range. {@code FINAL} merges every row its key range
 * holds, so on {@code sessions} a time range alone merged all the project's sessions: 0.26 s per query at a million,
 * which the bench's polls of {@code GET /sessions} spent on every poll.
 */
@ApplicationScoped
public class SessionRepository {

    private static final Table BY_USER = new Table("sessions", "start_ms", "deleted");
    private static final Table BY_START = new Table("sessions_by_start", "row_start_ms", "row_deleted");
    /** The first window of a page read by start. */
    private static final long FIRST_WINDOW_MS = Duration.ofHours(1).toMillis();
    /** Past this width (about 70 years) a window is the whole range. */
    private static final long MAX_WINDOW_MS = 1L << 41;

    private final ClickHouseClient clickhouse;

    public SessionRepository(ClickHouseClient clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** A table of sessions and the names of its start and deleted columns. */
    private record Table(String name, String start, String deleted) {

        /** The newest version of each session. */
        String current() {
            return " FROM " + name + " FINAL";
        }
    }

    /** A session inferred from events sent without a session id. */
    public record Inferred(String userId, String sessionId, long startMs, long endMs) {

        public boolean contains(long tsMs) {
            return startMs <= tsMs && tsMs <= endMs;
        }
    }

    /** Sessions starting in the range, newest first, at most {@code limit}. */
    public List<Session> find(String projectId, TimeRange.Instants range, String userId, int limit) {
        if (userId != null) {
            return page(projectId, range, userId, limit);
        }
        // The page is the newest sessions: FINAL merges only the rows of a window at the range's end, grown until
        // it holds the page. A probe finds where the window must start to hold `rows` rows (versions and deleted
        // sessions included), reading the starts of that stretch only; windows grow eightfold.
        long width = FIRST_WINDOW_MS;
        long rows = limit;
        while (true) {
            Long since = range.fromMs();
            long windowFrom = range.toMs() - width;
            if (width < MAX_WINDOW_MS && (since == null || windowFrom > since)) {
                List<String[]> edge = clickhouse.select("SELECT " + BY_START.start() + " FROM " + BY_START.name()
                        + Where.project(projectId).atLeast(BY_START.start(), windowFrom)
                                .below(BY_START.start(), range.toMs())
                        + " ORDER BY " + BY_START.start() + " DESC LIMIT 1 OFFSET " + (rows - 1));
                if (edge.isEmpty()) {
                    width *= 8;
                    continue;
                }
                since = Long.parseLong(edge.get(0)[0]);
            }
            List<Session> page = page(projectId, new TimeRange.Instants(since, range.toMs()), null, limit);
            // Sessions starting before the window are older than all of it: a full page of the window is the page.
            if (page.size() == limit || Objects.equals(since, range.fromMs())) {
                return page;
            }
            rows *= 4; // the window's rows held older versions and merged sessions: look further back
        }
    }

    private List<Session> page(String projectId, TimeRange.Instants range, String userId, int limit) {
        List<Session> sessions = new ArrayList<>();
        Table table = table(userId);
        for (String[] row : clickhouse.select("SELECT session_id, user_id, " + table.start() + ", end_ms, event_count,"
                + " entry_action, exit_action" + table.current() + where(table, projectId, range, userId)
                + " ORDER BY " + table.start() + " DESC, user_id DESC, session_id DESC LIMIT " + limit)) {
            long start = Long.parseLong(row[2]);
            long end = Long.parseLong(row[3]);
            sessions.add(new Session(row[0], row[1], Instant.ofEpochMilli(start).toString(),
                    Instant.ofEpochMilli(end).toString(), end - start, Long.parseLong(row[4]), row[5], row[6]));
        }
        return sessions;
    }

    /** How many sessions start in the range. */
    public long count(String projectId, TimeRange.Instants range, String userId) {
        Table table = table(userId);
        return Long.parseLong(clickhouse.selectOne("SELECT count()" + table.current()
                + where(table, projectId, range, userId)));
    }

    /** The inferred sessions of these users that overlap [fromMs, toMs] (both inclusive). */
    public List<Inferred> inferred(String projectId, Collection<String> userIds, long fromMs, long toMs) {
        List<Inferred> sessions = new ArrayList<>();
        for (String[] row : clickhouse.select("SELECT user_id, session_id, start_ms, end_ms" + BY_USER.current()
                + Where.project(projectId).in("user_id", userIds).and("deleted = 0 AND inferred = 1")
                        .atMost("start_ms", toMs).atLeast("end_ms", fromMs)
                + " ORDER BY start_ms")) {
            sessions.add(new Inferred(row[0], row[1], Long.parseLong(row[2]), Long.parseLong(row[3])));
        }
        return sessions;
    }

    /** The table whose key narrows the read: by user when there is one, by start otherwise. */
    private static Table table(String userId) {
        return userId == null ? BY_START : BY_USER;
    }

    private static String where(Table table, String projectId, TimeRange.Instants range, String userId) {
        return Where.project(projectId).equal("user_id", userId).and(table.deleted() + " = 0")
                .atLeast(table.start(), range.fromMs()).below(table.start(), range.toMs()).toString();
    }
}
