package dev.eventlane.ingest.goodlogs;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.eventlane.ingest.service.EventIds;
import dev.eventlane.ingest.service.EventTimes;
import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.ingest.service.JsonProperties;
import dev.eventlane.ingest.service.RequestContext;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * One item of a GoodLogs {@code /v1/events} batch as the canonical event: {@code event} (required) is the name,
 * {@code distinctId} (optional) the user and also {@code properties.distinct_id}, {@code properties} (optional
 * object) the data, {@code timestamp} (optional ISO 8601) the event time, {@code event_id} (optional) the client's
 * id, which makes a retried item stored once. Unknown fields are ignored.
 */
final class GoodLogsEventParser {

    /** GoodLogs documents no bounds here: generous ones, so rows stay small. */
    static final int MAX_EVENT = 256;
    static final int MAX_ID = 256;
    static final int MAX_PROPERTIES_BYTES = 64 * 1024;

    private final EventTimes times;

    GoodLogsEventParser(EventTimes times) {
        this.times = times;
    }

    /** @param path how to name the item in messages ({@code batch[3].}) */
    Event parse(JsonNode item, String path, RequestContext request) {
        if (item == null || !item.isObject()) {
            throw invalid(path + "item must be an object");
        }
        String name = string(item, path, "event", MAX_EVENT);
        if (name == null || name.isBlank()) {
            throw invalid(path + "event is required");
        }
        String distinctId = distinctId(item.get("distinctId"), path);
        String eventId = string(item, path, "event_id", MAX_ID);
        Map<String, String> properties = new HashMap<>();
        JsonNode given = item.get("properties");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw invalid(path + "properties must be an object");
            }
            if (JsonProperties.bytes(given) > MAX_PROPERTIES_BYTES) {
                throw invalid(path + "properties must be at most " + MAX_PROPERTIES_BYTES + " bytes of JSON");
            }
            properties.putAll(JsonProperties.of(given));
        }
        if (distinctId != null) {
            properties.put("distinct_id", TextNode.valueOf(distinctId).toString());
        }
        return Event.newBuilder()
                .setEventId(eventId != null ? eventId : EventIds.next())
                .setProjectId(request.projectId())
                .setSource(Source.GOODLOGS)
                .setName(name)
                .setUserId(distinctId)
                .setTimestamp(times.parse(item.get("timestamp"), path + "timestamp", request.receivedAt()))
                .setReceivedAt(request.receivedAt())
                .setProperties(properties)
                .setContext(request.context())
                .build();
    }

    /** A string, or a number given for it (SDKs pass numeric user ids). */
    private static String distinctId(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return null;
        }
        String id = value.isTextual() ? value.textValue() : value.isIntegralNumber() ? value.asText() : null;
        if (id == null) {
            throw invalid(path + "distinctId must be a string");
        }
        return checked(id, path, "distinctId", MAX_ID);
    }

    private static String string(JsonNode item, String path, String field, int max) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(path + field + " must be a string");
        }
        return checked(value.textValue(), path, field, max);
    }

    private static String checked(String text, String path, String field, int max) {
        if (text.codePointCount(0, text.length()) > max) {
            throw invalid(path + field + " must be at most " + max + " characters");
        }
        if (text.indexOf(RecordKeys.SEPARATOR) >= 0) {
            throw invalid(path + field + " must not contain U+0000");
        }
        return text.isEmpty() ? null : text;
    }

    static IngestException invalid(String message) {
        return IngestException.badRequest("VALIDATION_ERROR", message);
    }
}
