package dev.eventlane.query.web.service;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import dev.eventlane.platform.clickhouse.Sql;

/** SQL pieces the web analytics queries share; values only ever through {@link Sql#quote} or as numbers. */
final class WebSql {

    static final String TABLE = dev.eventlane.schemas.pipeline.Tables.WEB_EVENTS;
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
