package dev.eventlane.query.gql;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.eventlane.query.gql.GqlQuery.Source;

/** The rows of a search as GoodLogs shows them: named fields, properties as an object, the injected {@code $} fields. */
final class SearchRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchRows() {
    }

    static String columns(Source source) {
        return switch (source) {
            case LOGS -> "log_id, ts_ms, severity, message, source, node, level, encryption_mode, properties, browser,"
                    + " os, device, ip";
            case EVENTS -> "event_id, ts_ms, name, user_id, session_id, source, data, browser, os, device, ip";
            case ALERT_EVENTS -> "alert_id, ts_ms, kind, payload, endpoint_id";
        };
    }

    /** The row's time (milliseconds) and id, for the cursor. */
    static SearchCursor position(String[] row) {
        return new SearchCursor(Long.parseLong(row[1]), row[0]);
    }

    static Map<String, Object> view(Source source, String[] row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row[0]);
        view.put("timestamp", Instant.ofEpochMilli(Long.parseLong(row[1])).toString());
        switch (source) {
            case LOGS -> {
                view.put("severity", row[2]);
                boolean sealed = !"0".equals(row[7]);
                view.put("message", sealed ? null : row[3]);
                view.put("source", row[4]);
                putIfNotEmpty(view, "node", row[5]);
                view.put("level", Integer.parseInt(row[6]));
                if (sealed) {
                    view.put("encrypted", true);
                }
                view.put("properties", object(row[8]));
                injected(view, row, 9);
            }
            case EVENTS -> {
                view.put("event", row[2]);
                putIfNotEmpty(view, "distinct_id", row[3]);
                putIfNotEmpty(view, "session_id", row[4]);
                view.put("source", row[5]);
                view.put("properties", object(row[6]));
                injected(view, row, 7);
            }
            case ALERT_EVENTS -> {
                view.put("kind", row[2]);
                putIfNotEmpty(view, "endpoint_id", row[4]);
                view.put("payload", object(row[3]));
            }
        }
        return view;
    }

    private static void injected(Map<String, Object> view, String[] row, int first) {
        putIfNotEmpty(view, "$browser", row[first]);
        putIfNotEmpty(view, "$os", row[first + 1]);
        putIfNotEmpty(view, "$device", row[first + 2]);
        putIfNotEmpty(view, "$ip", row[first + 3]);
    }

    private static void putIfNotEmpty(Map<String, Object> view, String key, String value) {
        if (!value.isEmpty()) {
            view.put(key, value);
        }
    }

    private static JsonNode object(String json) {
        try {
            return JSON.readTree(json.isEmpty() ? "{}" : json);
        } catch (java.io.IOException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }
}
