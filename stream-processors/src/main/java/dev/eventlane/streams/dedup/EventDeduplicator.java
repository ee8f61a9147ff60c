package dev.eventlane.streams.dedup;

import java.time.Duration;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.kafka.AvroSerde;
import dev.eventlane.schemas.kafka.EventHeaders;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Forwards an event unless an event with the same project and id was seen within the window. Ids are remembered at
 * the record's Kafka timestamp (when ingest accepted it), not its event time, so bulk loads of old events and
 * retries of them are judged by when they arrived. Expiry is the window store's own segment retention.
 */
public class EventDeduplicator implements FixedKeyProcessor<String, byte[], byte[]> {

    private final String storeName;
    private final long windowMs;
    private final AvroSerde<Event> events = EventlaneSerdes.event();
    private FixedKeyProcessorContext<String, byte[]> context;
    private WindowStore<String, Long> seen;

    public EventDeduplicator(String storeName, Duration window) {
        this.storeName = storeName;
        this.windowMs = window.toMillis();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, byte[]> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
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
            return;
        }
        seen.put(id, record.timestamp(), record.timestamp());
        context.forward(record);
    }

    /** From the header ingest sets; records without it (older producers) are decoded to find it. */
    private String idOf(FixedKeyRecord<String, byte[]> record) {
        String id = EventHeaders.dedupId(record.headers());
        return id != null ? id : EventHeaders.dedupId(events.deserialize(Topics.EVENTS, record.value()));
    }

    private boolean isDuplicate(String id, long timestamp) {
        try (WindowStoreIterator<Long> hits = seen.fetch(id, timestamp - windowMs, timestamp + windowMs)) {
            return hits.hasNext();
        }
    }
}
