package dev.eventlane.platform.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.eventlane.platform.clickhouse.WebEventRows;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.WebFlowStep;
import dev.eventlane.schemas.WebSession;

/**
 * The rules of a web session's state: how an event starts or extends one. Events are ordered by time, then by event
 * id, so a late event lands where it belongs (it may become the first event, the entry page or a flow step). The
 * analytics stage of stream-processors runs them; the query API's tests fold their events with them too.
 */
public final class WebSessions {

    /** Flow steps kept: the deepest flow the query API answers ({@code depth} 2–5). */
    public static final int FLOW_STEPS = 5;
    /** Longest session id taken (the tracker's are 26-character ULIDs); anything longer is dead-lettered. */
    public static final int MAX_SESSION_ID = 64;
    /** Longest path taken (ingest allows 1024); anything longer is dead-lettered rather than stored per session. */
    public static final int MAX_PATH = 2048;
    /** Longest of the other texts kept per session (client, referrer host, UTM); longer ones are cut. */
    public static final int MAX_TEXT = 500;

    private WebSessions() {
    }

    /**
     * Refuses, with the reason, a web event whose session cannot be kept within bounds; the stage's exception
     * handler dead-letters it.
     */
    public static void check(Event event) {
        if (event.getSessionId().length() > MAX_SESSION_ID) {
            throw new IllegalArgumentException("web session id longer than " + MAX_SESSION_ID + " characters");
        }
        String raw = event.getProperties().get("$path");
        // The JSON text is checked before it is decoded: an escape takes at most six characters.
        if (raw != null && (raw.length() > 6 * MAX_PATH + 2 || path(event).length() > MAX_PATH)) {
            throw new IllegalArgumentException("web event path longer than " + MAX_PATH + " characters");
        }
    }

    public static WebSession start(Event event) {
        WebSession session = WebSession.newBuilder()
                .setProjectId(event.getProjectId())
                .setSessionId(event.getSessionId())
                .setVisitorId(event.getUserId())
                .setFirstEvent(event.getTimestamp())
                .setLastEvent(event.getTimestamp())
                .setFirstEventId(event.getEventId())
                .setLastEventId(event.getEventId())
                .setEventCount(1)
                .setPageviewCount(0)
                .setFlow(new ArrayList<>())
                .build();
        setFirstEventFields(session, event);
        if (isPageview(event)) {
            addPageview(session, event, event.getTimestamp().toEpochMilli());
        }
        return session;
    }

    /**
     * Adds {@code event} to {@code session}, which it changes and returns. (Changed in place rather than copied with
     * a builder: Avro's deep copy of the nested flow steps goes through reflection it does not need here.)
     */
    public static WebSession include(WebSession session, Event event) {
        session.setEventCount(session.getEventCount() + 1);
        Instant time = event.getTimestamp();
        String id = event.getEventId();
        if (before(time.toEpochMilli(), id, session.getFirstEvent().toEpochMilli(), session.getFirstEventId())) {
            session.setFirstEvent(time);
            session.setFirstEventId(id);
            setFirstEventFields(session, event);
        }
        if (before(session.getLastEvent().toEpochMilli(), session.getLastEventId(), time.toEpochMilli(), id)) {
            session.setLastEvent(time);
            session.setLastEventId(id);
        }
        if (isPageview(event)) {
            addPageview(session, event, time.toEpochMilli());
        }
        return session;
    }

    private static void addPageview(WebSession session, Event event, long time) {
        String id = event.getEventId();
        String path = path(event);
        boolean first = session.getPageviewCount() == 0;
        session.setPageviewCount(session.getPageviewCount() + 1);
        if (first || before(time, id, session.getEntryTime(), session.getEntryEventId())) {
            session.setEntryPath(path);
            session.setEntryTime(time);
            session.setEntryEventId(id);
        }
        if (first || before(session.getExitTime(), session.getExitEventId(), time, id)) {
            session.setExitPath(path);
            session.setExitTime(time);
            session.setExitEventId(id);
        }
        session.setFlow(withStep(session.getFlow(), new WebFlowStep(time, id, path)));
    }

    /** The first {@link #FLOW_STEPS} of {@code flow} and {@code step}, in order. */
    private static List<WebFlowStep> withStep(List<WebFlowStep> flow, WebFlowStep step) {
        int at = flow.size();
        while (at > 0 && before(step.getTime(), step.getEventId(), flow.get(at - 1).getTime(),
                flow.get(at - 1).getEventId())) {
            at--;
        }
        if (at >= FLOW_STEPS) {
            return flow;
        }
        List<WebFlowStep> steps = new ArrayList<>(flow);
        steps.add(at, step);
        return steps.size() > FLOW_STEPS ? new ArrayList<>(steps.subList(0, FLOW_STEPS)) : steps;
    }

    private static void setFirstEventFields(WebSession session, Event event) {
        EventContext c = event.getContext();
        Map<String, String> p = event.getProperties();
        session.setCountry(cut(c == null ? null : c.getCountry()));
        session.setBrowser(cut(c == null ? null : c.getBrowser()));
        session.setOs(cut(c == null ? null : c.getOs()));
        session.setDevice(cut(c == null ? null : c.getDevice()));
        session.setReferrerHost(cut(WebEventRows.text(p, "$referrer_host")));
        session.setUtmSource(cut(WebEventRows.text(p, "$utm_source")));
        session.setUtmMedium(cut(WebEventRows.text(p, "$utm_medium")));
        session.setUtmCampaign(cut(WebEventRows.text(p, "$utm_campaign")));
    }

    /** Whether the event is a page view, as {@code web_events} has it ({@code $event_type}, else the name). */
    public static boolean isPageview(Event event) {
        String type = WebEventRows.text(event.getProperties(), "$event_type");
        return type.isEmpty() ? "pageview".equals(event.getName()) : "pageview".equals(type);
    }

    private static String path(Event event) {
        return WebEventRows.text(event.getProperties(), "$path");
    }

    private static String cut(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }

    /** Event order within a session: by time, then by event id. */
    private static boolean before(long time, String eventId, long otherTime, String otherEventId) {
        return time < otherTime || (time == otherTime && eventId.compareTo(otherEventId) < 0);
    }
}
