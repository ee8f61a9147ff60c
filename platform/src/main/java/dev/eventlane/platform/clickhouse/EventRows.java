package dev.eventlane.platform.clickhouse;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Source;

/** Canonical events as rows of the ClickHouse {@code events} table; absent optional fields become empty strings. */
public final class EventRows implements RowFormat<Event> {

    public static final String COLUMNS = "project_id, event_id, source, name, user_id, session_id, funnel, platform, "
            + "ts_ms, received_ms, data, ip, user_agent, browser, os, device, country";

    private static final Map<Source, String> SOURCE_NAMES = new EnumMap<>(Source.class);

    static {
        for (Source source : Source.values()) {
            SOURCE_NAMES.put(source, source.name().toLowerCase(Locale.ROOT));
        }
    }

    @Override
    public String columns() {
        return COLUMNS;
    }

    @Override
    public void append(TsvBuffer row, Event e) {
        RowFormat.text(row, e.getProjectId());
        RowFormat.text(row, e.getEventId());
        RowFormat.text(row, SOURCE_NAMES.get(e.getSource()));
        RowFormat.text(row, e.getName());
        RowFormat.text(row, e.getUserId());
        RowFormat.text(row, e.getSessionId());
        RowFormat.text(row, e.getFunnel());
        RowFormat.text(row, e.getPlatform());
        RowFormat.number(row, e.getTimestamp().toEpochMilli());
        RowFormat.number(row, e.getReceivedAt().toEpochMilli());
        RowFormat.json(row, e.getProperties());
        appendContext(row, e.getContext());
    }

    /** The columns {@code ip, user_agent, browser, os, device, country}, shared by events and logs. */
    static void appendContext(TsvBuffer row, EventContext c) {
        RowFormat.text(row, c.getIp());
        RowFormat.text(row, c.getUserAgent());
        RowFormat.text(row, c.getBrowser());
        RowFormat.text(row, c.getOs());
        RowFormat.text(row, c.getDevice());
        RowFormat.text(row, c.getCountry());
    }

    /** The data object back as JSON: property values are already JSON text, keys need quoting. */
    public static String dataJson(Map<String, String> properties) {
        if (properties.isEmpty()) {
            return "{}";
        }
        StringBuilder json = new StringBuilder(64).append('{');
        properties.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(p -> {
            if (json.length() > 1) {
                json.append(',');
            }
            JsonText.appendString(json, p.getKey());
            json.append(':').append(p.getValue());
        });
        return json.append('}').toString();
    }
}
