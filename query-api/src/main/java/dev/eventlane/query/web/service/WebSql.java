package dev.eventlane.query.web.service;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import dev.eventlane.platform.clickhouse.Sql;

/** SQL pieces the web analytics queries share; values only ever through {@link Sql#quote} or as numbers. */
final class WebSql {

    static final String TABLE = dev.eventlane.schemas.pipeline.Tables.WEB_EVENTS;
    static final String SESSIONS_TABLE = dev.eventlane.schemas.pipeline.Tables.WEB_SESSIONS;
    static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private WebSql() {
    }

    static String project(String projectId) {
        return "project_id = " + Sql.quote(projectId);
    }

    /** Matching events of the project in the range. */
    static String events(String projectId, WebRange range, WebFilter filter) {
        return " WHERE " + project(projectId) + " AND " + range.inRangeSql() + " AND " + filter.sql();
    }

    /**
     * The sessions of the range: those whose first event (over all their events) is in it and that have at least
     * one event matching the filter. Columns: session_id, first_ms, last_ms, pageviews, visitor, entry_path,
     * exit_path, and {@code flow} (the paths of its pageviews in time order) when asked.
     */
    static String sessions(String projectId, WebRange range, WebFilter filter, boolean withFlow) {
        return filter.sessionSql("s_pageviews", "s_events")
                .map(condition -> streamedSessions(projectId, range, condition, withFlow))
                .orElseGet(() -> sessionsOfEvents(projectId, range, filter, withFlow));
    }

    /**
     * {@link #sessions} from {@code web_sessions}, which the stream fills: each session's latest state (the highest
     * version, so an unmerged table answers the same as a merged one), those whose first event is in the range and
     * that meet {@code condition} ({@link WebFilter#sessionSql}). Rows are read up to {@code to} only: a session's
     * first event only moves back from one state to the next, so every state of a session that started before
     * {@code to} is there. Its flow holds the first five pageviews, the deepest flow asked for.
     */
    static String streamedSessions(String projectId, WebRange range, String condition, boolean withFlow) {
        return "SELECT session_id, s_first AS first_ms, s_last AS last_ms, s_pageviews AS pageviews,"
                + " visitor_id AS visitor, s_entry AS entry_path, s_exit AS exit_path"
                + (withFlow ? ", s_flow AS flow" : "")
                + " FROM (SELECT session_id, argMax(user_id, version) AS visitor_id, argMax(ts_ms, version) AS s_first,"
                + " argMax(last_ms, version) AS s_last, argMax(pageviews, version) AS s_pageviews,"
                + " argMax(event_count, version) AS s_events, argMax(entry_path, version) AS s_entry,"
                + " argMax(exit_path, version) AS s_exit"
                + (withFlow ? ", argMax(flow_paths, version) AS s_flow" : "")
                + " FROM " + SESSIONS_TABLE + " WHERE " + project(projectId) + " AND ts_ms < " + range.to()
                + " GROUP BY session_id) WHERE s_first >= " + range.from()
                + " AND (" + condition + ")";
    }

    /** {@link #sessions} computed from the events, for filters on fields of single events. */
    static String sessionsOfEvents(String projectId, WebRange range, WebFilter filter, boolean withFlow) {
        String p = project(projectId);
        return "SELECT session_id, min(ts_ms) AS first_ms, max(ts_ms) AS last_ms,"
                + " countIf(event_type = 'pageview') AS pageviews, any(visitor_id) AS visitor,"
                + " argMinIf(path, ts_ms, event_type = 'pageview') AS entry_path,"
                + " argMaxIf(path, ts_ms, event_type = 'pageview') AS exit_path,"
                + (withFlow ? " arrayMap(x -> x.2, arraySort(x -> x.1, groupArrayIf((ts_ms, path),"
                        + " event_type = 'pageview'))) AS flow," : "")
                + " max(" + filter.sql() + ") AS matched"
                + " FROM " + TABLE + " WHERE " + p + " AND session_id != '' AND session_id IN (SELECT session_id FROM "
                + TABLE + " WHERE " + p + " AND " + range.inRangeSql() + ")"
                + " GROUP BY session_id HAVING first_ms >= " + range.from() + " AND first_ms < " + range.to()
                + " AND matched = 1";
    }

    static String iso(long ms) {
        return ISO.format(Instant.ofEpochMilli(ms));
    }

    static long number(String field) {
        return Long.parseLong(field);
    }
}
