package dev.eventlane.schemas.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.LogEntry;

/**
 * Kafka record headers of events and log entries. The de-duplication identity travels as a header so that stages
 * which only route or de-duplicate never have to decode the Avro body.
 *
 * <p>The events topics also carry one control record: an <em>erasure</em> (no value, the {@value #ERASE_USER}
 * header, the key of the user it erases). Keyed like the user's events, it follows every event of the user accepted
 * before it through every stage, in order; each stage forgets the user when it meets it.
 */
public final class EventHeaders {

    /**
     * Project id and event id (log id for a log entry), NUL-separated: a record is a retry of another when both match.
     */
    public static final String DEDUP_ID = "eventlane.dedup-id";
    /** Marks an erasure: the record's key names the project and user whose data is to be forgotten. */
    public static final String ERASE_USER = "eventlane.erase-user";

    private EventHeaders() {
    }

    public static String dedupId(Event event) {
        return event.getProjectId() + RecordKeys.SEPARATOR + event.getEventId();
    }

    public static String dedupId(LogEntry log) {
        return log.getProjectId() + RecordKeys.SEPARATOR + log.getLogId();
    }

    public static Headers of(Event event) {
        return new RecordHeaders().add(DEDUP_ID, dedupId(event).getBytes(StandardCharsets.UTF_8));
    }

    public static Headers of(LogEntry log) {
        return new RecordHeaders().add(DEDUP_ID, dedupId(log).getBytes(StandardCharsets.UTF_8));
    }

    /** The dedup id from the headers, or null when the producer set none. */
    public static String dedupId(Headers headers) {
        Header header = headers.lastHeader(DEDUP_ID);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The headers of an erasure record. */
    public static Headers erasure() {
        return new RecordHeaders().add(ERASE_USER, new byte[0]);
    }

    /** Whether a record is an erasure rather than an event. */
    public static boolean isErasure(Headers headers) {
        return headers.lastHeader(ERASE_USER) != null;
    }
}
