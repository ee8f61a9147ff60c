package dev.eventlane.query.web.service;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON shapes of the web analytics endpoints (Loguro's field names). */
public final class WebViews {

    private WebViews() {
    }

    public record RangeView(String chip, String from, String to, String bucket, boolean hasPrevious) {
    }

    public record Kpis(long visitors, long pageviews, long sessions, double bounceRate, double avgDurationSec) {
    }

    public record KpisAnswer(Kpis current, Kpis previous, RangeView range) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Point(String bucket, long pageviews, long visitors, long sessions, Long previousPageviews,
            Long previousVisitors, Long previousSessions) {
    }

    public record Timeseries(List<Point> items, String bucket) {
    }

    public record Event(String id, String event_type, String custom_event_name, String path, String url,
            String referrer_host, String visitor_id, String session_id, String country_code, String browser_family,
            String os_family, String device_type, String timestamp) {
    }

    public record Events(List<Event> items, long count) {
    }

    public record Count(long count) {
    }

    /**
     * A row of a top list: its key under the list's own name ({@code path}, {@code referrer}, ...), its count, its
     * visitors where the list has them, and with compare=1 {@code prev_count} and {@code delta_pct}.
     */
    public static java.util.Map<String, Object> topRow(String name, String key, long count, Long visitors) {
        java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put(name, key);
        row.put("count", count);
        if (visitors != null) {
            row.put("visitors", visitors);
        }
        return row;
    }

    public record Location(String visitor_id, String country_code, String browser_family, String os_family,
            String device_type, long events, String last_seen) {
    }

    public record Flow(List<String> steps, long count) {
    }

    public record CustomEvent(String name, long count, long prev_count, Long delta_pct, List<Long> spark) {
    }

    public record CustomEvents(List<CustomEvent> items, List<String> buckets, String bucket) {
    }

    public record Visitor(String visitor_id, String first_seen, String last_seen, long events, long pageviews,
            long sessions, String country_code, String browser_family, String os_family, String device_type) {
    }

    public record SessionEvent(String path, String url, String event_type, String custom_event_name,
            String timestamp) {
    }

    public record VisitorSession(String session_id, String start, String end, long duration_ms, long page_count,
            String entry_page, String exit_page, List<SessionEvent> events) {
    }

    public record VisitorSessions(List<VisitorSession> sessions) {
    }

    /** An instant as Loguro writes it: ISO-8601 UTC with milliseconds. */
    public static String iso(long ms) {
        return WebSql.iso(ms);
    }

    /** {@code prev > 0 ? round((count - prev) * 100 / prev) : null}. */
    public static Long deltaPct(long count, long prev) {
        return prev > 0 ? Math.round((count - prev) * 100.0 / prev) : null;
    }
}
