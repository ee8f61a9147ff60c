package dev.eventlane.query.analytics.service;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One event as {@code GET /events} returns it, in LogLogic's field names. {@code data} is the stored JSON object,
 * written through verbatim so numbers keep their exact digits.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredEvent(
        @JsonProperty("event_id") String eventId,
        String action,
        @JsonProperty("user_id") String userId,
        String funnel,
        @JsonProperty("session_id") String sessionId,
        String platform,
        String timestamp,
        @JsonProperty("received_at") String receivedAt,
        @JsonRawValue String data,
        String source,
        Map<String, String> context) {

    public StoredEvent withSessionId(String id) {
        return new StoredEvent(eventId, action, userId, funnel, id, platform, timestamp, receivedAt, data, source,
                context);
    }
}
