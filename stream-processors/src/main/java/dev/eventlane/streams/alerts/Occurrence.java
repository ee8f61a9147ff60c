package dev.eventlane.streams.alerts;

import java.time.Instant;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.logs.Severities;

/**
 * What an alert rule may count: an event, matched by its name, or a log entry, matched by its severity; of a
 * project, at its event time. {@code row} is the record as a GQL rule's filter reads it; {@code user} is an event's
 * user (the empty string when it has none, as the events table and the key of {@code events-unique} have it), null
 * for a log entry.
 */
record Occurrence(String projectId, String source, String match, Instant time, RuleRow row, String user) {

    static final String EVENTS = "events";
    static final String LOGS = "logs";

    static Occurrence of(Event event) {
        return new Occurrence(event.getProjectId(), EVENTS, event.getName(), event.getTimestamp(),
                RuleRow.of(event), event.getUserId() == null ? "" : event.getUserId());
    }

    /**
     * A log entry by the severity of its level, whichever surface it came in on: a LogFlux entry of level 4 is an
     * error like a GoodLogs one. The levels GoodLogs has no name for (1 emergency, 3 critical, 6 notice) match no rule.
     */
    static Occurrence of(LogEntry entry) {
        return new Occurrence(entry.getProjectId(), LOGS, Severities.of(entry.getLevel()), entry.getTimestamp(),
                RuleRow.of(entry), null);
    }
}
