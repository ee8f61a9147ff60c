package dev.eventlane.ingest.loglogic;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.eventlane.ingest.service.EventIds;
import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.ingest.service.RequestContext;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
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

    private final Duration maxFutureSkew;

    public LogLogicEventParser(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
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
                .setTimestamp(timestamp(node.get("timestamp"), path, request.receivedAt()))
                .setReceivedAt(request.receivedAt())
                .setProperties(properties)
                .setContext(EventContext.newBuilder().setIp(request.ip()).setUserAgent(request.userAgent()).build())
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

    private Instant timestamp(JsonNode value, String path, Instant now) {
        if (value == null || value.isNull()) {
            return now;
        }
        Instant at;
        if (value.isIntegralNumber()) {
            at = Instant.ofEpochMilli(value.longValue());
        } else if (value.isTextual()) {
            at = parseIso(value.textValue(), path);
        } else {
            throw IngestException.badRequest("invalid_timestamp",
                    label(path, "timestamp") + " must be an ISO 8601 string");
        }
        if (at.isAfter(now.plus(maxFutureSkew))) {
            throw IngestException.badRequest("invalid_timestamp",
                    label(path, "timestamp") + " is more than " + maxFutureSkew.toHours() + " h in the future");
        }
        if (at.getEpochSecond() < 0) {
            throw IngestException.badRequest("invalid_timestamp", label(path, "timestamp") + " is before 1970");
        }
        return at;
    }

    /** ISO 8601 with an offset or Z; a date-time without a zone is taken as UTC. */
    private static Instant parseIso(String text, String path) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException withZone) {
            try {
                return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                throw IngestException.badRequest("invalid_timestamp",
                        label(path, "timestamp") + " is not an ISO 8601 date-time: " + abbreviate(text));
            }
        }
    }

    private static Map<String, String> data(JsonNode data, String path) {
        if (data == null || data.isNull()) {
            return Map.of();
        }
        if (!data.isObject()) {
            throw IngestException.badRequest("invalid_type", label(path, "data") + " must be a JSON object");
        }
        if (data.toString().getBytes(StandardCharsets.UTF_8).length > MAX_DATA_BYTES) {
            throw IngestException.tooLarge("data_too_large",
                    label(path, "data") + " is larger than " + MAX_DATA_BYTES + " bytes of JSON");
        }
        Map<String, String> properties = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            properties.put(field.getKey(), field.getValue().toString());
        }
        return properties;
    }

    private static String label(String path, String field) {
        return path + field;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
