package dev.eventlane.streams.analytics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.Session;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * Builds each user's sessions in event time. Events carrying a client {@code session_id} belong to that session.
 * The user's other events are cut by {@link #GAP}: an event joins every session it is less than the gap away from,
 * so a late event can extend a session at either end or bridge two sessions into one (the earlier one keeps its id,
 * the other is published once more as deleted).
 *
 * <p>Changed sessions are noted in a pending store and published on a wall-clock schedule, so a busy session is
 * published once per interval, not once per event. The pending store is changelogged like the others, so under
 * exactly-once a crash between a change and its publication loses nothing. Each publication carries the start the
 * session had at its previous one ({@code published_start}): a late event can move a start back, and ClickHouse's
 * table of sessions by start then drops the row it holds under the old start.
 *
 * <p>Input is keyed by project and user, so one user's events are all seen by one task, in partition order.
 */
class SessionProcessor implements Processor<String, Event, String, Session> {

    static final Duration GAP = Duration.ofMinutes(30);
    private static final long GAP_MS = GAP.toMillis();
    private static final HexFormat HEX = HexFormat.of();

    private final String inferredStoreName;
    private final String clientStoreName;
    private final String pendingStoreName;
    private final Duration publishInterval;
    private ProcessorContext<String, Session> context;
    /** Inferred sessions by project, user and start (see {@link #inferredKey}). */
    private KeyValueStore<String, Session> inferred;
    /** Client sessions by project, user and session id. */
    private KeyValueStore<String, Session> client;
    /** Sessions changed since the last publication, by project, user, kind and id. */
    private KeyValueStore<String, Session> pending;

    SessionProcessor(String inferredStoreName, String clientStoreName, String pendingStoreName,
            Duration publishInterval) {
        this.inferredStoreName = inferredStoreName;
        this.clientStoreName = clientStoreName;
        this.pendingStoreName = pendingStoreName;
        this.publishInterval = publishInterval;
    }

    @Override
    public void init(ProcessorContext<String, Session> context) {
        this.context = context;
        this.inferred = context.getStateStore(inferredStoreName);
        this.client = context.getStateStore(clientStoreName);
        this.pending = context.getStateStore(pendingStoreName);
        context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, now -> publishPending());
    }

    @Override
    public void process(Record<String, Event> record) {
        Event event = record.value();
        if (event == null || event.getUserId() == null || event.getUserId().isEmpty()) {
            return;
        }
        String user = userPrefix(event.getProjectId(), event.getUserId());
        String sessionId = event.getSessionId();
        if (sessionId == null || sessionId.isEmpty()) {
            addToInferred(user, event);
        } else {
            String key = user + sessionId;
            Session before = client.get(key);
            Session session = before == null ? start(event, sessionId, false) : include(before, event);
            client.put(key, session);
            markChanged(before, session);
        }
    }

    private void addToInferred(String user, Event event) {
        long time = event.getTimestamp().toEpochMilli();
        List<KeyValue<String, Session>> touched = new ArrayList<>(2);
        // Sessions are at least a gap apart, so an event can touch at most the two around it: walk back from the
        // latest session starting less than a gap after the event while sessions end less than a gap before it.
        try (KeyValueIterator<String, Session> candidates =
                inferred.reverseRange(inferredKey(user, Long.MIN_VALUE), inferredKey(user, time + GAP_MS - 1))) {
            while (candidates.hasNext()) {
                KeyValue<String, Session> candidate = candidates.next();
                if (candidate.value.getEnd().toEpochMilli() <= time - GAP_MS) {
                    break;
                }
                touched.add(candidate);
            }
        }
        Session session;
        Session before = null;
        if (touched.isEmpty()) {
            session = start(event, inferredId(event), true);
        } else {
            // The earliest touched session survives; a later one is merged into it and published as deleted.
            Session earliest = touched.get(touched.size() - 1).value;
            before = earliest;
            session = earliest;
            for (KeyValue<String, Session> other : touched) {
                if (other.value != earliest) {
                    session = merge(session, other.value);
                    markChanged(other.value, Session.newBuilder(other.value).setDeleted(true).build());
                }
            }
            session = include(session, event);
        }
        String key = inferredKey(user, session.getStart().toEpochMilli());
        // Mostly the event extends a session without moving its start: then its key stays and is just overwritten,
        // one store write and one changelog record instead of a delete and a put of each.
        for (KeyValue<String, Session> other : touched) {
            if (!other.key.equals(key)) {
                inferred.delete(other.key);
            }
        }
        inferred.put(key, session);
        markChanged(before, session);
    }

    /**
     * Queues {@code changed} for publication, with the start of the session's last publication: the one its queued
     * change already carries, or else the start {@code before} this change (nothing queued means that is what was
     * published last). Sets it on {@code changed}, which the session store has serialized already: stored sessions
     * never carry it.
     */
    private void markChanged(Session before, Session changed) {
        String key = pendingKey(changed);
        Session queued = before == null ? null : pending.get(key);
        Instant published = before == null ? null : before.getStart();
        changed.setPublishedStart(queued != null ? queued.getPublishedStart() : published);
        pending.put(key, changed);
    }

    private void publishPending() {
        List<String> published = new ArrayList<>();
        try (KeyValueIterator<String, Session> changed = pending.all()) {
            while (changed.hasNext()) {
                KeyValue<String, Session> next = changed.next();
                Session session = next.value;
                if (session == null) {
                    continue; // deleted since the last commit
                }
                context.forward(new Record<>(RecordKeys.user(session.getProjectId(), session.getUserId()), session,
                        context.currentSystemTimeMs()));
                published.add(next.key);
            }
        }
        published.forEach(pending::delete);
    }

    private static Session start(Event event, String sessionId, boolean inferred) {
        String action = event.getName();
        String eventId = event.getEventId();
        return Session.newBuilder()
                .setProjectId(event.getProjectId())
                .setUserId(event.getUserId())
                .setSessionId(sessionId)
                .setInferred(inferred)
                .setStart(event.getTimestamp())
                .setEnd(event.getTimestamp())
                .setEventCount(1)
                .setEntryAction(action)
                .setEntryEventId(eventId)
                .setExitAction(action)
                .setExitEventId(eventId)
                .setDeleted(false)
                .build();
    }

    private static Session include(Session session, Event event) {
        Session.Builder next = Session.newBuilder(session).setEventCount(session.getEventCount() + 1);
        Instant time = event.getTimestamp();
        if (before(time, event.getEventId(), session.getStart(), session.getEntryEventId())) {
            next.setStart(time).setEntryAction(event.getName()).setEntryEventId(event.getEventId());
        }
        if (before(session.getEnd(), session.getExitEventId(), time, event.getEventId())) {
            next.setEnd(time).setExitAction(event.getName()).setExitEventId(event.getEventId());
        }
        return next.build();
    }

    /** {@code base} with {@code other}'s events added; keeps {@code base}'s id. */
    static Session merge(Session base, Session other) {
        Session.Builder merged = Session.newBuilder(base).setEventCount(base.getEventCount() + other.getEventCount());
        if (before(other.getStart(), other.getEntryEventId(), base.getStart(), base.getEntryEventId())) {
            merged.setStart(other.getStart()).setEntryAction(other.getEntryAction())
                    .setEntryEventId(other.getEntryEventId());
        }
        if (before(base.getEnd(), base.getExitEventId(), other.getEnd(), other.getExitEventId())) {
            merged.setEnd(other.getEnd()).setExitAction(other.getExitAction()).setExitEventId(other.getExitEventId());
        }
        return merged.build();
    }

    /** Event order within a session: by time, then by event id. */
    private static boolean before(Instant time, String eventId, Instant otherTime, String otherEventId) {
        int byTime = time.compareTo(otherTime);
        return byTime < 0 || (byTime == 0 && eventId.compareTo(otherEventId) < 0);
    }

    private static String userPrefix(String projectId, String userId) {
        return RecordKeys.user(projectId, userId) + RecordKeys.SEPARATOR;
    }

    /** Orders by start: the start's bits with the sign flipped, as fixed-width hex, sort like the signed number. */
    static String inferredKey(String user, long start) {
        return user + HEX.toHexDigits(start ^ Long.MIN_VALUE);
    }

    private static String pendingKey(Session session) {
        return userPrefix(session.getProjectId(), session.getUserId()) + (session.getInferred() ? 'i' : 'c')
                + session.getSessionId();
    }

    /** A stable id from the event that opened the session: the same input always yields the same sessions. */
    static String inferredId(Event event) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (userPrefix(event.getProjectId(), event.getUserId()) + event.getEventId())
                            .getBytes(StandardCharsets.UTF_8));
            return "ses_" + HEX.formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
