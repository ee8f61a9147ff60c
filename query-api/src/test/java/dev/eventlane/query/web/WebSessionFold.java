package dev.eventlane.query.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.eventlane.platform.analytics.WebSessions;
import dev.eventlane.platform.clickhouse.TsvBuffer;
import dev.eventlane.platform.clickhouse.WebSessionRows;
import dev.eventlane.query.analytics.rest.TestData;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.WebSession;

/**
 * Fills {@code web_sessions} from a test's web events the way the pipeline does: each session's events folded by
 * the analytics stage's rules ({@link WebSessions}), every state published as a row by the sink's format
 * ({@link WebSessionRows}), none merged, so readers must pick the latest state themselves. Every third session's
 * last event arrives first (the others are late), as events from several ingest instances may.
 */
final class WebSessionFold {

    private WebSessionFold() {
    }

    static void insert(String projectId, List<WebEvent> events) {
        Map<String, List<WebEvent>> bySession = new LinkedHashMap<>();
        events.forEach(e -> bySession.computeIfAbsent(e.session(), s -> new ArrayList<>()).add(e));
        WebSessionRows format = new WebSessionRows();
        TsvBuffer tsv = new TsvBuffer();
        long offset = 0;
        int n = 0;
        for (List<WebEvent> session : bySession.values()) {
            List<WebEvent> arrival = new ArrayList<>(session);
            if (n++ % 3 == 0 && arrival.size() > 1) {
                arrival.add(0, arrival.remove(arrival.size() - 1));
            }
            WebSession state = null;
            for (WebEvent e : arrival) {
                Event event = event(projectId, e);
                state = state == null ? WebSessions.start(event) : WebSessions.include(state, event);
                format.append(tsv, state);
                tsv.number(0).tab().number(offset++).newline();
            }
        }
        TestData.clickhouse().insertTsv("web_sessions", WebSessionRows.COLUMNS + ", kafka_partition, kafka_offset",
                tsv.toByteArray());
    }

    /** The event as ingest publishes it (the tracker's fields as JSON text properties). */
    private static Event event(String projectId, WebEvent e) {
        return Event.newBuilder().setEventId(e.id()).setProjectId(projectId).setSource(Source.WEB).setName(e.name())
                .setUserId(e.visitor()).setSessionId(e.session()).setTimestamp(Instant.ofEpochMilli(e.ts()))
                .setReceivedAt(Instant.ofEpochMilli(e.ts()))
                .setProperties(Map.of("$event_type", json(e.type()), "$path", json(e.path()),
                        "$referrer_host", json(e.referrerHost())))
                .setContext(EventContext.newBuilder().setCountry(e.country()).setBrowser(e.browser()).setOs(e.os())
                        .setDevice(e.device()).build())
                .build();
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
