package dev.eventlane.query.web.service;

import static dev.eventlane.query.web.service.WebSql.TABLE;
import static dev.eventlane.query.web.service.WebSql.events;
import static dev.eventlane.query.web.service.WebSql.iso;
import static dev.eventlane.query.web.service.WebSql.number;
import static dev.eventlane.query.web.service.WebSql.project;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.query.web.service.WebViews.Event;
import dev.eventlane.query.web.service.WebViews.Kpis;
import dev.eventlane.query.web.service.WebViews.Point;

/**
 * The web analytics read from {@code web_events}; definitions in docs/web.md ("Definitions"). Sessions, entry and
 * exit pages and flows are computed here per request from the events (one GROUP BY session_id subquery, no JOIN).
 */
@ApplicationScoped
public class WebQueries {

    /** The dimensions of the plain top lists: list name, JSON key, column expression, pageviews only. */
    public enum Top {
        PAGES("path", "path", true),
        REFERRERS("referrer", "if(referrer_host = '', '(direct)', referrer_host)", true),
        COUNTRIES("country", "country", false),
        BROWSERS("browser", "browser", false),
        OS("os", "os", false),
        DEVICES("device", "device", false);

        final String key;
        final String column;
        final boolean pageviewsOnly;

        Top(String key, String column, boolean pageviewsOnly) {
            this.key = key;
            this.column = column;
            this.pageviewsOnly = pageviewsOnly;
        }
    }

    private static final String EVENT_COLUMNS = "event_id, event_type, name, path, url, referrer_host, visitor_id,"
            + " session_id, country, browser, os, device, ts_ms";

    private final ClickHouseClient clickhouse;

    public WebQueries(ClickHouseClient clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** The time of the project's first web event, null when it has none. */
    public Long firstEvent(String projectId) {
        String[] row = clickhouse.select("SELECT count(), min(ts_ms) FROM " + TABLE + " WHERE "
                + project(projectId)).get(0);
        return "0".equals(row[0]) ? null : number(row[1]);
    }

    public long count(String projectId, WebRange range, WebFilter filter) {
        return number(clickhouse.selectOne("SELECT count() FROM " + TABLE + events(projectId, range, filter)));
    }

    /** Matching events in range, newest first. */
    public List<Event> list(String projectId, WebRange range, WebFilter filter, int limit) {
        return clickhouse.select("SELECT " + EVENT_COLUMNS + " FROM " + TABLE + events(projectId, range, filter)
                + " ORDER BY ts_ms DESC, event_id DESC LIMIT " + limit).stream().map(WebQueries::event).toList();
    }

    private static Event event(String[] r) {
        return new Event(r[0], r[1], "custom".equals(r[1]) ? r[2] : null, r[3], r[4], r[5], r[6], r[7], r[8], r[9],
                r[10], r[11], iso(number(r[12])));
    }

    public Kpis kpis(String projectId, WebRange range, WebFilter filter) {
        String[] events = clickhouse.select("SELECT uniqExact(visitor_id), countIf(event_type = 'pageview') FROM "
                + TABLE + WebSql.events(projectId, range, filter)).get(0);
        String[] sessions = clickhouse.select("SELECT count(), countIf(pageviews = 1), sum(last_ms - first_ms) FROM ("
                + WebSql.sessions(projectId, range, filter, false) + ")").get(0);
        long count = number(sessions[0]);
        double bounceRate = count == 0 ? 0 : round(number(sessions[1]) / (double) count, 4);
        double avgDuration = count == 0 ? 0 : round(number(sessions[2]) / 1000.0 / count, 1);
        return new Kpis(number(events[0]), number(events[1]), count, bounceRate, avgDuration);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** Pageviews, visitors and sessions per bucket, zeros included; with the previous period's when asked. */
    public List<Point> timeseries(String projectId, WebRange range, WebFilter filter, boolean compare) {
        Map<Long, long[]> current = buckets(projectId, range, filter, 0);
        Map<Long, long[]> previous = compare ? buckets(projectId, range.previous(), filter, range.length())
                : Map.of();
        List<Point> points = new ArrayList<>();
        for (long start : range.bucketStarts()) {
            long[] c = current.getOrDefault(start, new long[3]);
            long[] p = compare ? previous.getOrDefault(start, new long[3]) : null;
            points.add(new Point(iso(start), c[0], c[1], c[2], p == null ? null : p[0], p == null ? null : p[1],
                    p == null ? null : p[2]));
        }
        return points;
    }

    /** Per bucket (of events shifted by {@code shift} ms): pageviews, visitors, sessions started. */
    private Map<Long, long[]> buckets(String projectId, WebRange range, WebFilter filter, long shift) {
        Map<Long, long[]> buckets = new HashMap<>();
        for (String[] r : clickhouse.select("SELECT " + range.bucketSql(shift) + " AS b, countIf(event_type ="
                + " 'pageview'), uniqExact(visitor_id) FROM " + TABLE + events(projectId, range, filter)
                + " GROUP BY b")) {
            long[] v = buckets.computeIfAbsent(number(r[0]), b -> new long[3]);
            v[0] = number(r[1]);
            v[1] = number(r[2]);
        }
        String start = "(first_ms + " + shift + ")";
        for (String[] r : clickhouse.select("SELECT intDiv(" + start + ", " + range.bucket().millis + ") * "
                + range.bucket().millis + " AS b, count() FROM (" + WebSql.sessions(projectId, range, filter, false)
                + ") GROUP BY b")) {
            buckets.computeIfAbsent(number(r[0]), b -> new long[3])[2] = number(r[1]);
        }
        return buckets;
    }

    /** A plain top list, with previous counts and deltas when asked. */
    public List<Map<String, Object>> top(String projectId, Top top, WebRange range, WebFilter filter, int limit,
            boolean compare) {
        String where = events(projectId, range, filter) + (top.pageviewsOnly ? " AND event_type = 'pageview'" : "");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String[] r : clickhouse.select("SELECT " + top.column + " AS k, count() AS c, uniqExact(visitor_id)"
                + " FROM " + TABLE + where + " GROUP BY k ORDER BY c DESC, k LIMIT " + limit)) {
            rows.add(WebViews.topRow(top.key, r[0], number(r[1]), number(r[2])));
        }
        if (compare) {
            String previousWhere = events(projectId, range.previous(), filter)
                    + (top.pageviewsOnly ? " AND event_type = 'pageview'" : "");
            addPrevious(rows, top.key, "SELECT " + top.column + " AS k, count() FROM " + TABLE + previousWhere);
        }
        return rows;
    }

    /**
     * Adds {@code prev_count} and {@code delta_pct} to rows keyed by {@code key}: {@code select} lists key and
     * count; a GROUP BY and an IN over the rows' keys are appended.
     */
    private void addPrevious(List<Map<String, Object>> rows, String key, String select) {
        Map<String, Long> previous = new HashMap<>();
        if (!rows.isEmpty()) {
            String keys = rows.stream().map(row -> Sql.quote((String) row.get(key)))
                    .collect(Collectors.joining(", "));
            String sql = select + " AND k IN (" + keys + ") GROUP BY k";
            for (String[] r : clickhouse.select(sql)) {
                previous.put(r[0], number(r[1]));
            }
        }
        for (Map<String, Object> row : rows) {
            long prev = previous.getOrDefault((String) row.get(key), 0L);
            row.put("prev_count", prev);
            row.put("delta_pct", WebViews.deltaPct((Long) row.get("count"), prev));
        }
    }

    /** Entry or exit pages of the range's sessions: sessions per path. */
    public List<Map<String, Object>> sessionPages(String projectId, WebRange range, WebFilter filter, boolean entry,
            int limit, boolean compare) {
        String column = entry ? "entry_path" : "exit_path";
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String[] r : clickhouse.select("SELECT " + column + " AS k, count() AS c FROM ("
                + WebSql.sessions(projectId, range, filter, false) + ") WHERE pageviews > 0 GROUP BY k"
                + " ORDER BY c DESC, k LIMIT " + limit)) {
            rows.add(WebViews.topRow("path", r[0], number(r[1]), null));
        }
        if (compare) {
            addPrevious(rows, "path", "SELECT " + column + " AS k, count() FROM ("
                    + WebSql.sessions(projectId, range.previous(), filter, false) + ") WHERE pageviews > 0");
        }
        return rows;
    }

    /** The first {@code depth} pageview paths of the range's sessions with two pageviews or more, by sequence. */
    public List<WebViews.Flow> flows(String projectId, WebRange range, WebFilter filter, int depth, int limit) {
        List<WebViews.Flow> flows = new ArrayList<>();
        for (String[] r : clickhouse.select("SELECT arraySlice(flow, 1, " + depth + ") AS f, count() AS c FROM ("
                + WebSql.sessions(projectId, range, filter, true) + ") WHERE pageviews >= 2 GROUP BY f"
                + " ORDER BY c DESC, f LIMIT " + limit)) {
            flows.add(new WebViews.Flow(ClickHouseArrays.strings(r[0]), number(r[1])));
        }
        return flows;
    }

    /** Per visitor with matching events in range: their latest location and client, most recently seen first. */
    public List<WebViews.Location> locations(String projectId, WebRange range, WebFilter filter, int limit) {
        return clickhouse.select("SELECT visitor_id, argMax(country, ts_ms), argMax(browser, ts_ms),"
                + " argMax(os, ts_ms), argMax(device, ts_ms), count(), max(ts_ms) AS last FROM " + TABLE
                + events(projectId, range, filter) + " GROUP BY visitor_id ORDER BY last DESC, visitor_id LIMIT "
                + limit).stream().map(r -> new WebViews.Location(r[0], r[1], r[2], r[3], r[4], number(r[5]),
                        iso(number(r[6])))).toList();
    }

    /** Custom events by name, with the previous period's count and one count per bucket of the range. */
    public WebViews.CustomEvents customEvents(String projectId, WebRange range, WebFilter filter, int limit) {
        String custom = " AND event_type = 'custom'";
        Map<String, long[]> spark = new LinkedHashMap<>();
        List<Long> starts = range.bucketStarts();
        List<String[]> names = clickhouse.select("SELECT name AS k, count() AS c FROM " + TABLE
                + events(projectId, range, filter) + custom + " GROUP BY k ORDER BY c DESC, k LIMIT " + limit);
        List<WebViews.CustomEvent> items = new ArrayList<>();
        if (!names.isEmpty()) {
            String in = names.stream().map(r -> Sql.quote(r[0])).collect(Collectors.joining(", "));
            Map<Long, Integer> index = new HashMap<>();
            for (int i = 0; i < starts.size(); i++) {
                index.put(starts.get(i), i);
            }
            names.forEach(r -> spark.put(r[0], new long[starts.size()]));
            for (String[] r : clickhouse.select("SELECT name, " + range.bucketSql(0) + " AS b, count() FROM " + TABLE
                    + events(projectId, range, filter) + custom + " AND name IN (" + in + ") GROUP BY name, b")) {
                Integer i = index.get(number(r[1]));
                if (i != null) {
                    spark.get(r[0])[i] = number(r[2]);
                }
            }
            Map<String, Long> previous = new HashMap<>();
            for (String[] r : clickhouse.select("SELECT name, count() FROM " + TABLE
                    + events(projectId, range.previous(), filter) + custom + " AND name IN (" + in
                    + ") GROUP BY name")) {
                previous.put(r[0], number(r[1]));
            }
            for (String[] r : names) {
                long count = number(r[1]);
                long prev = previous.getOrDefault(r[0], 0L);
                items.add(new WebViews.CustomEvent(r[0], count, prev, WebViews.deltaPct(count, prev),
                        java.util.Arrays.stream(spark.get(r[0])).boxed().toList()));
            }
        }
        return new WebViews.CustomEvents(items, starts.stream().map(WebSql::iso).toList(), range.bucket().label());
    }
}
