package dev.eventlane.streams.alerts;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.eventlane.platform.clickhouse.EventRows;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.LogEntry;

/**
 * A record as a GQL rule's filter reads it: the columns it has in its ClickHouse table (absent values are empty
 * text, as the sink writes them), its top-level properties, and the text a quoted search looks in (a log's message,
 * an event's properties as JSON). The same field names and values as {@code from:logs} and {@code from:events}
 * queries see, so a rule counts what the query shows.
 */
final class RuleRow {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final Event event;
    private final LogEntry entry;
    private final Map<String, String> properties;
    private String propertiesJson;
    private Map<String, String> lowered;

    private RuleRow(Event event, LogEntry entry, Map<String, String> properties) {
        this.event = event;
        this.entry = entry;
        this.properties = properties;
    }

    static RuleRow of(Event event) {
        return new RuleRow(event, null, event.getProperties());
    }

    static RuleRow of(LogEntry entry) {
        return new RuleRow(null, entry, entry.getProperties());
    }

    /** A column's value as text (empty when the record has none); null when the source has no such column. */
    String column(String name) {
        String context = context(name, event != null ? event.getContext() : entry.getContext());
        if (context != null) {
            return context;
        }
        return event != null ? eventColumn(name) : logColumn(name);
    }

    private String eventColumn(String name) {
        return switch (name) {
            case "event_id" -> event.getEventId();
            case "source" -> event.getSource().name().toLowerCase(Locale.ROOT);
            case "name" -> event.getName();
            case "user_id" -> text(event.getUserId());
            case "session_id" -> text(event.getSessionId());
            case "funnel" -> text(event.getFunnel());
            case "platform" -> text(event.getPlatform());
            case "ts_ms" -> Long.toString(event.getTimestamp().toEpochMilli());
            default -> null;
        };
    }

    private String logColumn(String name) {
        return switch (name) {
            case "log_id" -> entry.getLogId();
            case "source" -> entry.getSource().name().toLowerCase(Locale.ROOT);
            case "node" -> text(entry.getNode());
            case "level" -> Integer.toString(entry.getLevel());
            case "severity" -> text(entry.getSeverity());
            case "ts_ms" -> Long.toString(entry.getTimestamp().toEpochMilli());
            case "message" -> text(entry.getMessage());
            default -> null;
        };
    }

    private static String context(String name, EventContext context) {
        return switch (name) {
            case "ip" -> text(context.getIp());
            case "user_agent" -> text(context.getUserAgent());
            case "browser" -> text(context.getBrowser());
            case "os" -> text(context.getOs());
            case "device" -> text(context.getDevice());
            case "country" -> text(context.getCountry());
            default -> null;
        };
    }

    boolean hasProperty(String key) {
        return properties.containsKey(key);
    }

    /** A property as text: a JSON string's content, or the raw JSON of a number, boolean, object or array. */
    String propertyText(String key) {
        String raw = properties.get(key);
        if (raw == null) {
            return "";
        }
        if (raw.length() > 1 && raw.startsWith("\"") && raw.endsWith("\"") && raw.indexOf('\\') < 0) {
            return raw.substring(1, raw.length() - 1);
        }
        if (raw.startsWith("\"")) {
            try {
                JsonNode string = JSON.readTree(raw);
                return string.isTextual() ? string.textValue() : raw;
            } catch (JsonProcessingException e) {
                return raw;
            }
        }
        return raw;
    }

    /** A property as a number: a JSON number's value, 0 for anything else (as ClickHouse's visitParamExtractFloat). */
    double propertyNumber(String key) {
        return number(properties.get(key));
    }

    /** The text a quoted search looks in: the message of a log, the properties' JSON of an event. */
    String searched() {
        if (entry != null) {
            return text(entry.getMessage());
        }
        if (propertiesJson == null) {
            propertiesJson = EventRows.dataJson(properties);
        }
        return propertiesJson;
    }

    /**
     * The text in lower case, computed once per record and field: several conditions of several rules may look
     * into the same (up to 64 KiB) message.
     */
    String lowerCase(String field, String text) {
        if (lowered == null) {
            lowered = new HashMap<>();
        }
        return lowered.computeIfAbsent(field, f -> text.toLowerCase(Locale.ROOT));
    }

    /** A number read from text, 0 when it is not one; sizes are checked before parsing. */
    static double number(String text) {
        if (text == null || text.length() > 64 || !NUMBER.matcher(text).matches()) {
            return 0;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
