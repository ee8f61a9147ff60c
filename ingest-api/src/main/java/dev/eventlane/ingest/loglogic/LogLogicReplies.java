package dev.eventlane.ingest.loglogic;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** LogLogic's response bodies, fields in the documented order. */
final class LogLogicReplies {

    private LogLogicReplies() {
    }

    record Accepted(boolean ok, int ingested, @JsonProperty("event_id") String eventId) {
        Accepted(String eventId) {
            this(true, 1, eventId);
        }
    }

    record BatchAccepted(boolean ok, int ingested, @JsonProperty("event_ids") List<String> eventIds) {
        BatchAccepted(List<String> eventIds) {
            this(true, eventIds.size(), eventIds);
        }
    }

    record Failure(boolean ok, String error, String message) {
        Failure(String error, String message) {
            this(false, error, message);
        }
    }
}
