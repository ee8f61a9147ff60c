package dev.eventlane.query.web.service;

import static dev.eventlane.query.web.service.WebSql.TABLE;
import static dev.eventlane.query.web.service.WebSql.iso;
import static dev.eventlane.query.web.service.WebSql.number;
import static dev.eventlane.query.web.service.WebSql.project;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.query.web.service.WebViews.SessionEvent;
import dev.eventlane.query.web.service.WebViews.Visitor;
import dev.eventlane.query.web.service.WebViews.VisitorSession;

/** One visitor's history over all time: a summary and their sessions with their events. */
@ApplicationScoped
public class WebVisitors {

    /** Events listed per session at most (the page count is of all its pageviews). */
    static final int MAX_EVENTS_PER_SESSION = 500;

    private final ClickHouseClient clickhouse;

    public WebVisitors(ClickHouseClient clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** The visitor's summary and latest client; empty when the project has no event of theirs. */
    public Optional<Visitor> visitor(String projectId, String visitorId) {
        String[] r = clickhouse.select("SELECT count(), countIf(event_type = 'pageview'), uniqExact(session_id),"
                + " min(ts_ms), max(ts_ms), argMax(country, ts_ms), argMax(browser, ts_ms), argMax(os, ts_ms),"
                + " argMax(device, ts_ms) FROM " + TABLE + where(projectId, visitorId)).get(0);
        if ("0".equals(r[0])) {
            return Optional.empty();
        }
        return Optional.of(new Visitor(visitorId, iso(number(r[3])), iso(number(r[4])), number(r[0]), number(r[1]),
                number(r[2]), r[5], r[6], r[7], r[8]));
    }

    /** The visitor's sessions, newest first, each with its events in time order. */
    public List<VisitorSession> sessions(String projectId, String visitorId, int limit) {
        List<String[]> sessions = clickhouse.select("SELECT session_id, min(ts_ms) AS first_ms, max(ts_ms),"
                + " countIf(event_type = 'pageview'), argMinIf(path, ts_ms, event_type = 'pageview'),"
                + " argMaxIf(path, ts_ms, event_type = 'pageview') FROM " + TABLE + where(projectId, visitorId)
                + " GROUP BY session_id ORDER BY first_ms DESC, session_id LIMIT " + limit);
        if (sessions.isEmpty()) {
            return List.of();
        }
        String in = sessions.stream().map(r -> Sql.quote(r[0])).collect(Collectors.joining(", "));
        Map<String, List<SessionEvent>> events = new LinkedHashMap<>();
        for (String[] r : clickhouse.select("SELECT session_id, path, url, event_type, name, ts_ms FROM " + TABLE
                + where(projectId, visitorId) + " AND session_id IN (" + in + ") ORDER BY ts_ms, event_id"
                + " LIMIT " + MAX_EVENTS_PER_SESSION + " BY session_id")) {
            events.computeIfAbsent(r[0], s -> new ArrayList<>()).add(new SessionEvent(r[1], r[2], r[3],
                    "custom".equals(r[3]) ? r[4] : null, iso(number(r[5]))));
        }
        List<VisitorSession> answer = new ArrayList<>();
        for (String[] r : sessions) {
            long start = number(r[1]);
            long end = number(r[2]);
            long pages = number(r[3]);
            answer.add(new VisitorSession(r[0], iso(start), iso(end), end - start, pages, pages == 0 ? null : r[4],
                    pages == 0 ? null : r[5], events.getOrDefault(r[0], List.of())));
        }
        return answer;
    }

    private static String where(String projectId, String visitorId) {
        return " WHERE " + project(projectId) + " AND visitor_id = " + Sql.quote(visitorId);
    }
}
