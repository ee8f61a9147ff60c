package dev.eventlane.query.analytics.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Gives the events that were sent without a session id the id of the session the analytics inferred for them (the
 * inferred session whose span holds the event), with one lookup per page.
 */
@ApplicationScoped
public class InferredSessions {

    private final SessionRepository sessions;

    public InferredSessions(SessionRepository sessions) {
        this.sessions = sessions;
    }

    /** The page with inferred session ids filled in; events keep no session when none holds them yet. */
    public List<StoredEvent> fill(String projectId, List<StoredEvent> page) {
        Set<String> users = new TreeSet<>();
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (StoredEvent event : page) {
            if (event.sessionId() == null) {
                long ts = timestamp(event);
                users.add(userOf(event));
                from = Math.min(from, ts);
                to = Math.max(to, ts);
            }
        }
        if (users.isEmpty()) {
            return page;
        }
        Map<String, List<SessionRepository.Inferred>> byUser = sessions.inferred(projectId, users, from, to).stream()
                .collect(Collectors.groupingBy(SessionRepository.Inferred::userId));
        List<StoredEvent> filled = new ArrayList<>(page.size());
        for (StoredEvent event : page) {
            filled.add(event.sessionId() == null
                    ? withSession(event, byUser.getOrDefault(userOf(event), List.of())) : event);
        }
        return filled;
    }

    private static StoredEvent withSession(StoredEvent event, List<SessionRepository.Inferred> candidates) {
        long ts = timestamp(event);
        return candidates.stream().filter(session -> session.contains(ts)).findFirst()
                .map(session -> event.withSessionId(session.sessionId())).orElse(event);
    }

    private static String userOf(StoredEvent event) {
        return event.userId() == null ? "" : event.userId();
    }

    private static long timestamp(StoredEvent event) {
        return Instant.parse(event.timestamp()).toEpochMilli();
    }
}
