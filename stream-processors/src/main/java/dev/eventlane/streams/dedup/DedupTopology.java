package dev.eventlane.streams.dedup;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import dev.eventlane.schemas.pipeline.Topics;

/**
 * First stage of every pipeline: events as ingest published them ({@value Topics#EVENTS}) become unique events
 * ({@value Topics#EVENTS_UNIQUE}). A retried event (same project and event id) is forwarded once. Runs exactly-once,
 * so a crash neither drops an event nor lets a duplicate through. Values pass through as the bytes ingest wrote:
 * the identity comes from a header, so this stage never decodes or re-encodes an event.
 */
public final class DedupTopology {

    static final String SEEN_STORE = "seen-event-ids";
    /** How long an event id is remembered: clients retry within minutes, a week leaves ample room. */
    static final Duration DEDUP_WINDOW = Duration.ofDays(7);

    private DedupTopology() {
    }

    public static void addTo(StreamsBuilder builder) {
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(SEEN_STORE, DEDUP_WINDOW, DEDUP_WINDOW, false),
                Serdes.String(), Serdes.Long()));
        builder.stream(Topics.EVENTS, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .processValues(() -> new EventDeduplicator(SEEN_STORE, DEDUP_WINDOW), SEEN_STORE)
                .to(Topics.EVENTS_UNIQUE, Produced.with(Serdes.String(), Serdes.ByteArray()));
    }
}
