package dev.eventlane.streams.dedup;

import java.time.Duration;
import java.util.function.Function;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import dev.eventlane.schemas.kafka.EventHeaders;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Forwards an event (or log entry) unless one with the same project and id was seen within the window. Ids are
 * remembered at the record's Kafka timestamp (when ingest accepted it), not its event time, so bulk loads of old
 * events and retries of them are judged by when they arrived. Expiry is the window store's own segment retention.
 * Each record dropped is counted in the Kafka Streams metric {@value #DUPLICATES}-total of group
 * {@code stream-}{@value #METRICS_SCOPE}{@code -metrics}, tagged with what is de-duplicated ({@code events},
 * {@code logs}).
 */
public class EventDeduplicator implements FixedKeyProcessor<String, byte[], byte[]> {

    /** The scope of the duplicates metric. */
    public static final String METRICS_SCOPE = "eventlane-dedup";
    /** The operation of the duplicates metric: {@code duplicates-total} and {@code duplicates-rate}. */
    public static final String DUPLICATES = "duplicates";

    private final String storeName;
    private final long windowMs;
    private final String entity;
    private final Function<byte[], String> decodedId;
    private FixedKeyProcessorContext<String, byte[]> context;
    private WindowStore<String, Long> seen;
    private Sensor duplicates;

    /**
     * @param entity what is de-duplicated ({@code events}, {@code logs}), the metric's tag
     * @param decodedId the dedup id of a record ingest published without the header (older producers)
     */
    private EventDeduplicator(String storeName, Duration window, String entity, Function<byte[], String> decodedId) {
        this.storeName = storeName;
        this.windowMs = window.toMillis();
        this.entity = entity;
        this.decodedId = decodedId;
    }

    /** De-duplicates events (records of {@value Topics#EVENTS}) by project and event id. */
    public static EventDeduplicator ofEvents(String storeName, Duration window) {
        var serde = EventlaneSerdes.event();
        return new EventDeduplicator(storeName, window, "events",
                value -> EventHeaders.dedupId(serde.deserialize(Topics.EVENTS, value)));
    }

    /** De-duplicates log entries (records of {@value Topics#LOGS}) by project and log id. */
    public static EventDeduplicator ofLogs(String storeName, Duration window) {
        var serde = EventlaneSerdes.logEntry();
        return new EventDeduplicator(storeName, window, "logs",
                value -> EventHeaders.dedupId(serde.deserialize(Topics.LOGS, value)));
    }

    @Override
    public void init(FixedKeyProcessorContext<String, byte[]> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
        this.duplicates = context.metrics().addRateTotalSensor(METRICS_SCOPE, entity, DUPLICATES,
                Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        if (record.value() == null) {
            // An erasure is a command, not an event: it always passes, in order with the user's events.
            if (EventHeaders.isErasure(record.headers())) {
                context.forward(record);
            }
            return;
        }
        String id = idOf(record);
        if (isDuplicate(id, record.timestamp())) {
            duplicates.record();
            return;
        }
        seen.put(id, record.timestamp(), record.timestamp());
        context.forward(record);
    }

    /** From the header ingest sets; records without it (older producers) are decoded to find it. */
    private String idOf(FixedKeyRecord<String, byte[]> record) {
        String id = EventHeaders.dedupId(record.headers());
        return id != null ? id : decodedId.apply(record.value());
    }

    private boolean isDuplicate(String id, long timestamp) {
        try (WindowStoreIterator<Long> hits = seen.fetch(id, timestamp - windowMs, timestamp + windowMs)) {
            return hits.hasNext();
        }
    }
}
