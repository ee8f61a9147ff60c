package dev.eventlane.query.live;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.eventlane.schemas.Event;

/** One event of the live feed, in the field names of {@code GET /events}; {@code data} holds each value's JSON text. */
public record LiveEvent(@JsonProperty("event_id") String eventId, String action,
        @JsonProperty("user_id") String userId, String funnel, @JsonProperty("session_id") String sessionId,
        String platform, String source, Instant timestamp, @JsonProperty("received_at") Instant receivedAt,
        Map<String, String> data) {

    static LiveEvent of(Event event) {
        Map<String, String> data = new TreeMap<>();
        data.putAll(event.getProperties());
        return new LiveEvent(event.getEventId(), event.getName(), event.getUserId(), event.getFunnel(),
                event.getSessionId(), event.getPlatform(), event.getSource().name().toLowerCase(Locale.ROOT),
                event.getTimestamp(), event.getReceivedAt(), data);
    }
}
