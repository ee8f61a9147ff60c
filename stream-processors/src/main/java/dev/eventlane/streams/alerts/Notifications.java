package dev.eventlane.streams.alerts;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Logsh notifications: every unique Logsh event sent with {@code notify: true} becomes a {@code notify} alert for the
 * project's endpoints that receive notifications. The payload is what the event was sent with:
 * {@code {"event","workspace","description","icon","metadata","triggered_at"}} ({@code icon} null when none was
 * sent; {@code triggered_at} is when ingest accepted it). Reading the de-duplicated events, a retried event notifies
 * once; the alert id is the event id.
 */
public final class Notifications {

    /** The properties the Logsh surface keeps its own fields in (see ingest-api's LogshEventParser). */
    static final String NOTIFY = "$notify";
    static final String WORKSPACE = "$workspace";
    static final String DESCRIPTION = "$description";
    static final String ICON = "$icon";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Notifications() {
    }

    /** @param uniqueEvents the unique events, as the analytics stage reads them (after erasures) */
    public static void addTo(KStream<String, Event> uniqueEvents) {
        uniqueEvents.filter((key, event) -> wantsNotification(event), Named.as("notify-wanted"))
                .map((key, event) -> KeyValue.pair(event.getProjectId(), alert(event)),
                        Named.as("notify-alert"))
                .to(Topics.ALERTS, Produced.with(Serdes.String(), EventlaneSerdes.alert()));
    }

    static boolean wantsNotification(Event event) {
        return event != null && event.getSource() == Source.LOGSH && "true".equals(event.getProperties().get(NOTIFY));
    }

    static Alert alert(Event event) {
        Map<String, String> properties = event.getProperties();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", event.getName());
        payload.put("workspace", text(properties.get(WORKSPACE)));
        payload.put("description", text(properties.get(DESCRIPTION)));
        payload.put("icon", text(properties.get(ICON)));
        Map<String, JsonNode> metadata = new LinkedHashMap<>();
        properties.entrySet().stream().filter(p -> !isLogshField(p.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(p -> metadata.put(p.getKey(), json(p.getValue())));
        payload.put("metadata", metadata);
        payload.put("triggered_at", Alerts.time(event.getReceivedAt()));
        return Alerts.of(event.getEventId(), event.getProjectId(), Alerts.NOTIFY, null, event.getReceivedAt(),
                payload);
    }

    private static boolean isLogshField(String key) {
        return key.equals(NOTIFY) || key.equals(WORKSPACE) || key.equals(DESCRIPTION) || key.equals(ICON);
    }

    /** A property holds its value's JSON text. */
    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }

    private static String text(String json) {
        if (json == null) {
            return null;
        }
        JsonNode node = json(json);
        return node.isTextual() ? node.textValue() : node.toString();
    }
}
