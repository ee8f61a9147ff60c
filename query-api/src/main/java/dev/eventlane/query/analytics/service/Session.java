package dev.eventlane.query.analytics.service;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One session as {@code GET /sessions} returns it; {@code start}/{@code end} formatted like event timestamps. */
public record Session(
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("user_id") String userId,
        String start,
        String end,
        @JsonProperty("duration_ms") long durationMs,
        @JsonProperty("event_count") long eventCount,
        @JsonProperty("entry_action") String entryAction,
        @JsonProperty("exit_action") String exitAction) {
}
