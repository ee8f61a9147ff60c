package dev.eventlane.ingest.logsh;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.eventlane.ingest.service.EventIds;
import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.ingest.service.JsonProperties;
import dev.eventlane.ingest.service.RequestContext;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * Turns a Logsh event into the canonical event, with Logsh's validation rules: workspace (required, at most 35
 * characters, case-insensitive: stored lower-case), event (required, at most 250), description (required, at most
 * 150), icon (optional, exactly one emoji), notify (optional boolean), metadata (optional object), event_id (optional,
 * at most 256: the client's id, which makes a retried event stored once). Unknown fields are ignored.
 *
 * <p>The event's name is {@code event}; its user is {@code metadata.user_id} when that is a string or a whole number;
 * its time is when it arrived (Logsh has no timestamp). The Logsh fields are kept as properties {@code $workspace},
 * {@code $description}, {@code $icon} and {@code $notify}, beside the metadata's own.
 */
final class LogshEventParser {

    static final int MAX_WORKSPACE = 35;
    static final int MAX_EVENT = 250;
    static final int MAX_DESCRIPTION = 150;
    /** Not documented by Logsh; the size of metadata's JSON. */
    static final int MAX_METADATA_BYTES = 16 * 1024;
    static final int MAX_USER_ID = 256;
    static final int MAX_EVENT_ID = 256;

    Event parse(JsonNode body, RequestContext request) {
        if (body == null || !body.isObject()) {
            throw invalid("the body must be a JSON object");
        }
        String workspace = required(body, "workspace", MAX_WORKSPACE).toLowerCase(Locale.ROOT);
        String event = required(body, "event", MAX_EVENT);
        String description = required(body, "description", MAX_DESCRIPTION);
        String icon = icon(body.get("icon"));
        boolean notify = notify(body.get("notify"));
        String eventId = eventId(body.get("event_id"));
        Map<String, String> properties = new HashMap<>();
        JsonNode metadata = body.get("metadata");
        String userId = null;
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) {
                throw invalid("metadata must be an object");
            }
            if (JsonProperties.bytes(metadata) > MAX_METADATA_BYTES) {
                throw invalid("metadata must be at most " + MAX_METADATA_BYTES + " bytes of JSON");
            }
            properties.putAll(JsonProperties.of(metadata));
            userId = userId(metadata.get("user_id"));
        }
        properties.put("$workspace", quoted(workspace));
        properties.put("$description", quoted(description));
        if (icon != null) {
            properties.put("$icon", quoted(icon));
        }
        properties.put("$notify", Boolean.toString(notify));
        return Event.newBuilder()
                .setEventId(eventId != null ? eventId : EventIds.next())
                .setProjectId(request.projectId())
                .setSource(Source.LOGSH)
                .setName(event)
                .setUserId(userId)
                .setTimestamp(request.receivedAt())
                .setReceivedAt(request.receivedAt())
                .setProperties(properties)
                .setContext(request.context())
                .build();
    }

    private static String required(JsonNode body, String field, int max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw invalid(field + " is required");
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw invalid(field + " must be a non-empty string");
        }
        String text = value.textValue();
        if (text.codePointCount(0, text.length()) > max) {
            throw invalid(field + " must be at most " + max + " characters");
        }
        if (text.indexOf(RecordKeys.SEPARATOR) >= 0) {
            throw invalid(field + " must not contain U+0000");
        }
        return text;
    }

    private static String icon(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || !Emoji.isSingle(value.textValue())) {
            throw invalid("icon must be a single valid emoji");
        }
        return value.textValue();
    }

    private static boolean notify(JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid("notify must be a boolean");
        }
        return value.booleanValue();
    }

    /** The client's id of the event, or null for one of ours. */
    private static String eventId(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw invalid("event_id must be a non-empty string");
        }
        String id = value.textValue();
        if (id.codePointCount(0, id.length()) > MAX_EVENT_ID) {
            throw invalid("event_id must be at most " + MAX_EVENT_ID + " characters");
        }
        if (id.indexOf(RecordKeys.SEPARATOR) >= 0) {
            throw invalid("event_id must not contain U+0000");
        }
        return id;
    }

    /** The user of the event: metadata.user_id as text when it is a string or a whole number. */
    private static String userId(JsonNode value) {
        String id = value == null ? null : value.isTextual() ? value.textValue()
                : value.isIntegralNumber() ? value.asText() : null;
        if (id == null || id.isBlank() || id.length() > MAX_USER_ID || id.indexOf(RecordKeys.SEPARATOR) >= 0) {
            return null;
        }
        return id;
    }

    /** A property value is JSON text. */
    private static String quoted(String text) {
        return TextNode.valueOf(text).toString();
    }

    static IngestException invalid(String detail) {
        return IngestException.badRequest("bad_request", detail);
    }
}
