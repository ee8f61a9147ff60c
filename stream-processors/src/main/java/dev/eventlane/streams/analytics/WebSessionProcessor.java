package dev.eventlane.streams.analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.eventlane.platform.analytics.WebSessions;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.WebSession;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * Builds the web analytics sessions (the tracker's {@code session_id}) of web events: first and last event, entry and
 * exit page, pageview and event counts, the first pageviews (the flow prefix) and the first event's client and
 * traffic source. Each session's state is a fixed number of fields whatever its number of events: counters, and at
 * most {@link WebSessions#FLOW_STEPS} flow steps.
 *
 * <p>Like {@link SessionProcessor}, changed sessions are noted in a pending store and published on a wall-clock
 * schedule, so a busy session is published once per interval. A session idle for {@link #IDLE} in stream time is
 * dropped from the store (the tracker starts a new session after 30 minutes without an event), which keeps the store
 * to the sessions of the last half hour; its published state stays. Idle is measured from the stream time at which
 * an event last changed the session, not from the event's own time: when old events are replayed (a backfill, a
 * reset), the stream time runs ahead of a session's events while they are still coming.
 *
 * <p>Input is keyed by project and user, and a web event's user is its visitor: a session's events are all seen by
 * one task, in partition order, and a user's erasure finds its sessions by the key's prefix.
 */
class WebSessionProcessor implements Processor<String, Event, String, WebSession> {

    /** The tracker rotates a session after 30 minutes without an event: after that no event of it is expected. */
    static final Duration IDLE = Duration.ofMinutes(30);
    /** How often idle sessions are looked for: often enough that the store holds little more than the idle time. */
    static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(5);

    private final String sessionsStoreName;
    private final String pendingStoreName;
    private final Duration publishInterval;
    private ProcessorContext<String, WebSession> context;
    /** Open sessions by project, visitor and session id. */
    private KeyValueStore<String, WebSession> sessions;
    /** Sessions changed since the last publication, by the same key. */
    private KeyValueStore<String, WebSession> pending;

    WebSessionProcessor(String sessionsStoreName, String pendingStoreName, Duration publishInterval) {
        this.sessionsStoreName = sessionsStoreName;
        this.pendingStoreName = pendingStoreName;
        this.publishInterval = publishInterval;
    }

    @Override
    public void init(ProcessorContext<String, WebSession> context) {
        this.context = context;
        this.sessions = context.getStateStore(sessionsStoreName);
        this.pending = context.getStateStore(pendingStoreName);
        context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, now -> publishPending());
        context.schedule(EXPIRY_INTERVAL, PunctuationType.STREAM_TIME, this::expireIdle);
    }

    @Override
    public void process(Record<String, Event> record) {
        Event event = record.value();
        if (!isWebSessionEvent(event)) {
            return;
        }
        WebSessions.check(event);
        String key = RecordKeys.user(event.getProjectId(), event.getUserId()) + RecordKeys.SEPARATOR
                + event.getSessionId();
        WebSession before = sessions.get(key);
        WebSession session = before == null ? WebSessions.start(event) : WebSessions.include(before, event);
        session.setTouchedAt(Math.max(context.currentStreamTimeMs(), record.timestamp()));
        sessions.put(key, session);
        pending.put(key, session);
    }

    /** A web event with a session and a visitor; other events have no web session. */
    static boolean isWebSessionEvent(Event event) {
        return event != null && event.getSource() == Source.WEB && event.getSessionId() != null
                && !event.getSessionId().isEmpty() && event.getUserId() != null && !event.getUserId().isEmpty();
    }

    private void publishPending() {
        List<String> published = new ArrayList<>();
        try (KeyValueIterator<String, WebSession> changed = pending.all()) {
            while (changed.hasNext()) {
                var next = changed.next();
                WebSession session = next.value;
                if (session == null) {
                    continue; // deleted since the last commit
                }
                context.forward(new Record<>(RecordKeys.user(session.getProjectId(), session.getVisitorId()),
                        session, context.currentSystemTimeMs()));
                published.add(next.key);
            }
        }
        published.forEach(pending::delete);
    }

    private void expireIdle(long streamTime) {
        long idleBefore = streamTime - IDLE.toMillis();
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, WebSession> all = sessions.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.getTouchedAt() < idleBefore) {
                    idle.add(kv.key);
                }
            });
        }
        idle.forEach(sessions::delete);
    }
}
