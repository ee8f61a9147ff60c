package dev.eventlane.platform.clickhouse;

import java.util.Map;
import java.util.TreeMap;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Source;

/**
 * Web events (source {@code WEB}) as rows of the ClickHouse {@code web_events} table: the tracker's reserved
 * properties ({@code $path}, {@code $referrer_host}, ...) become typed columns, the other properties the JSON of
 * {@code props}. Events of any other source are not rows of this table.
 */
public final class WebEventRows implements RowFormat<Event> {

    public static final String COLUMNS = "project_id, event_id, user_id, event_type, name, path, url, referrer, "
            + "referrer_host, visitor_id, session_id, country, browser, os, device, screen_width, utm_source, "
            + "utm_medium, utm_campaign, utm_term, utm_content, props, ts_ms";

    /** Longest screen width kept; anything else (negative, not a number, absurd) is stored as 0 (unknown). */
    private static final long MAX_SCREEN_WIDTH = 100_000;

    @Override
    public String columns() {
        return COLUMNS;
    }

    @Override
    public boolean accepts(Event e) {
        return e.getSource() == Source.WEB;
    }

    @Override
    public void append(TsvBuffer row, Event e) {
        Map<String, String> p = e.getProperties();
        EventContext c = e.getContext();
        String eventType = text(p, "$event_type");
        if (eventType.isEmpty()) {
            eventType = "pageview".equals(e.getName()) ? "pageview" : "custom";
        }
        String visitor = text(p, "$visitor_id");
        RowFormat.text(row, e.getProjectId());
        RowFormat.text(row, e.getEventId());
        RowFormat.text(row, e.getUserId());
        RowFormat.text(row, eventType);
        RowFormat.text(row, e.getName());
        RowFormat.text(row, text(p, "$path"));
        RowFormat.text(row, text(p, "$url"));
        RowFormat.text(row, text(p, "$referrer"));
        RowFormat.text(row, text(p, "$referrer_host"));
        RowFormat.text(row, visitor.isEmpty() ? e.getUserId() : visitor);
        RowFormat.text(row, e.getSessionId());
        RowFormat.text(row, c.getCountry());
        RowFormat.text(row, c.getBrowser());
        RowFormat.text(row, c.getOs());
        RowFormat.text(row, c.getDevice());
        RowFormat.number(row, screenWidth(text(p, "$screen_width")));
        RowFormat.text(row, text(p, "$utm_source"));
        RowFormat.text(row, text(p, "$utm_medium"));
        RowFormat.text(row, text(p, "$utm_campaign"));
        RowFormat.text(row, text(p, "$utm_term"));
        RowFormat.text(row, text(p, "$utm_content"));
        RowFormat.json(row, customProperties(p));
        RowFormat.number(row, e.getTimestamp().toEpochMilli());
    }

    private static Map<String, String> customProperties(Map<String, String> properties) {
        Map<String, String> custom = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (!key.startsWith("$")) {
                custom.put(key, value);
            }
        });
        return custom;
    }

    /** A property's value as text: a JSON string decoded, any other JSON value as written, absent as empty. */
    public static String text(Map<String, String> properties, String key) {
        String json = properties.get(key);
        if (json == null || json.equals("null")) {
            return "";
        }
        return json.length() >= 2 && json.charAt(0) == '"' ? JsonText.decodeString(json) : json;
    }

    private static long screenWidth(String text) {
        if (text.isEmpty() || text.length() > 12) {
            return 0;
        }
        try {
            double width = Double.parseDouble(text);
            return width >= 0 && width <= MAX_SCREEN_WIDTH ? (long) width : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
