package dev.eventlane.schemas.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.eventlane.schemas.Event;

/**
 * Kafka record headers of events. The de-duplication identity travels as a header so that stages which only route
 * or de-duplicate never have to decode the Avro body.
 */
public final class EventHeaders {

    /** Project id and event id, NUL-separated: an event is a retry of another when both match. */
    public static final String DEDUP_ID = "eventlane.dedup-id";

    private EventHeaders() {
    }

    public static String dedupId(Event event) {
        return event.getProjectId() + RecordKeys.SEPARATOR + event.getEventId();
    }

    public static Headers of(Event event) {
        return new RecordHeaders().add(DEDUP_ID, dedupId(event).getBytes(StandardCharsets.UTF_8));
    }

    /** The dedup id from the headers, or null when the producer set none. */
    public static String dedupId(Headers headers) {
        Header header = headers.lastHeader(DEDUP_ID);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
