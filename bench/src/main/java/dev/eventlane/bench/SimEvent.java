package dev.eventlane.bench;

import java.time.Instant;
import java.util.Map;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Source;

/**
 * One generated LogLogic event. Ids and names use only letters, digits, '_' and '-', so they need no JSON escaping.
 *
 * @param amountCents purchase amount in cents, or -1 for events without an amount
 */
public record SimEvent(String eventId, String action, String userId, String funnel, String sessionId,
        String platform, long tsMs, long amountCents) {

    /** Appends the event as a LogLogic JSON object. */
    public void appendJson(StringBuilder out) {
        out.append("{\"event_id\":\"").append(eventId)
                .append("\",\"action\":\"").append(action)
                .append("\",\"user_id\":\"").append(userId)
                .append("\",\"funnel\":\"").append(funnel)
                .append("\",\"session_id\":\"").append(sessionId)
                .append("\",\"platform\":\"").append(platform)
                .append("\",\"timestamp\":\"").append(Instant.ofEpochMilli(tsMs)).append('"');
        if (amountCents >= 0) {
            out.append(",\"data\":{\"amount\":").append(amountText()).append(",\"currency\":\"USD\"}");
        }
        out.append('}');
    }

    public String json() {
        StringBuilder out = new StringBuilder(256);
        appendJson(out);
        return out.toString();
    }

    /** The canonical event ingest would publish for it (to size Kafka records and ClickHouse rows alike). */
    public Event toEvent(String projectId) {
        Map<String, String> properties = amountCents >= 0
                ? Map.of("amount", amountText(), "currency", "\"USD\"") : Map.of();
        return Event.newBuilder().setEventId(eventId).setProjectId(projectId).setSource(Source.LOGLOGIC)
                .setName(action).setUserId(userId).setSessionId(sessionId).setFunnel(funnel).setPlatform(platform)
                .setTimestamp(Instant.ofEpochMilli(tsMs)).setReceivedAt(Instant.ofEpochMilli(tsMs))
                .setProperties(properties)
                .setContext(EventContext.newBuilder().setIp("127.0.0.1").setUserAgent("eventlane-bench/1").build())
                .build();
    }

    private String amountText() {
        return (amountCents / 100) + "." + (amountCents % 100 < 10 ? "0" : "") + (amountCents % 100);
    }
}
