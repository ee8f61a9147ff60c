package dev.eventlane.ingest.loglogic;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.eventlane.ingest.service.EventIds;
import dev.eventlane.ingest.service.EventTimes;
import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.ingest.service.JsonProperties;
import dev.eventlane.ingest.service.RequestContext;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * Turns one LogLogic event object into the canonical event, enforcing the documented field rules: action (required,
 * at most 64 characters), user_id (required), funnel (at most 32), session_id, platform, timestamp (ISO 8601, server
 * time when absent, at most 24 h ahead), data (any JSON object of at most 4 KB) and an optional client event_id
 * that makes retries idempotent. Unknown fields are ignored so newer SDKs keep working.
 */
public final class LogLogicEventParser {

    static final int MAX_ACTION = 64;
    static final int MAX_FUNNEL = 32;
    /** Not documented by LogLogic; generous bounds so that no real id is refused while rows stay small. */
    static final int MAX_ID = 256;
    static final int MAX_PLATFORM = 64;
    static final int MAX_DATA_BYTES = 4096;

    private final EventTimes times;

    public LogLogicEventParser(Duration maxFutureSkew) {
        this.times = new EventTimes(maxFutureSkew);
    }

    /**
     * @param node   the event object
     * @param path   how to name the event in messages ("" for a single event, "events[3]." in a batch)
     */
    public Event parse(JsonNode node, String path, RequestContext request) {
        if (node == null || !node.isObject()) {
            throw IngestException.badRequest("invalid_event", label(path, "event") + " must be a JSON object");
        }
        String action = requiredString(node, path, "action", MAX_ACTION);
        String userId = requiredString(node, path, "user_id", MAX_ID);
        String eventId = optionalString(node, path, "event_id", MAX_ID);
        Map<String, String> properties = data(node.get("data"), path);
        return Event.newBuilder()
                .setEventId(eventId != null ? eventId : EventIds.next())
                .setProjectId(request.projectId())
                .setSource(Source.LOGLOGIC)
                .setName(action)
                .setUserId(userId)
                .setSessionId(optionalString(node, path, "session_id", MAX_ID))
                .setFunnel(optionalString(node, path, "funnel", MAX_FUNNEL))
                .setPlatform(optionalString(node, path, "platform", MAX_PLATFORM))
                .setTimestamp(times.parse(node.get("timestamp"), label(path, "timestamp"), request.receivedAt()))
                .setReceivedAt(request.receivedAt())
                .setProperties(properties)
                .setContext(request.context())
                .build();
    }

    private static String requiredString(JsonNode node, String path, String field, int max) {
        String value = optionalString(node, path, field, max);
        if (value == null || value.isBlank()) {
            throw IngestException.badRequest("missing_field", label(path, field) + " is required");
        }
        return value;
    }

    private static String optionalString(JsonNode node, String path, String field, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw IngestException.badRequest("invalid_type", label(path, field) + " must be a string");
        }
        String text = value.textValue();
        if (text.codePointCount(0, text.length()) > max) {
            throw IngestException.badRequest("field_too_long",
                    label(path, field) + " is longer than " + max + " characters");
        }
        // The separator of the parts of record and state keys: an id holding it could pose as another.
        if (text.indexOf(RecordKeys.SEPARATOR) >= 0) {
            throw IngestException.badRequest("invalid_character", label(path, field) + " must not contain U+0000");
        }
        return text;
    }

    private static Map<String, String> data(JsonNode data, String path) {
        if (data == null || data.isNull()) {
            return Map.of();
        }
        if (!data.isObject()) {
            throw IngestException.badRequest("invalid_type", label(path, "data") + " must be a JSON object");
        }
        if (JsonProperties.bytes(data) > MAX_DATA_BYTES) {
            throw IngestException.tooLarge("data_too_large",
                    label(path, "data") + " is larger than " + MAX_DATA_BYTES + " bytes of JSON");
        }
        return JsonProperties.of(data);
    }

    private static String label(String path, String field) {
        return path + field;
    }
}
