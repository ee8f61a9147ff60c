package dev.eventlane.streams.app;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import dev.eventlane.schemas.pipeline.StreamsApplications;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.dedup.EventDeduplicator;

/**
 * De-duplication ({@value StreamsApplications#DEDUP}), the first stage of every pipeline: events as ingest published
 * them ({@value Topics#EVENTS}) become unique events ({@value Topics#EVENTS_UNIQUE}). A retried event (same project and
 * event id) is forwarded once. Runs exactly-once, so a crash neither drops an event nor lets a duplicate through.
 * Values pass through as the bytes ingest wrote: the identity comes from a header, so this stage never decodes or
 * re-encodes an event.
 *
 * <p>Quarkus's Kafka Streams extension runs this application ({@code quarkus.kafka-streams.*}: its id, the topics it
 * waits for, its health checks); {@link PipelineLifecycle} says where it stands in the start order.
 */
@ApplicationScoped
public class DedupApplication {

    /** Event ids seen, by project and event id. */
    public static final String SEEN_STORE = "seen-event-ids";
    /** How long an event id is remembered: clients retry within minutes, a week leaves ample room. */
    public static final Duration DEDUP_WINDOW = Duration.ofDays(7);

    /** The topology the extension runs. */
    @Produces
    Topology quarkusTopology() {
        return topology();
    }

    public static Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder);
        return builder.build();
    }

    /** Adds de-duplication to {@code builder} (tests put the analytics stage behind it in one topology). */
    public static void addTo(StreamsBuilder builder) {
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(SEEN_STORE, DEDUP_WINDOW, DEDUP_WINDOW, false),
                Serdes.String(), Serdes.Long()));
        builder.stream(Topics.EVENTS, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .processValues(() -> new EventDeduplicator(SEEN_STORE, DEDUP_WINDOW), SEEN_STORE)
                .to(Topics.EVENTS_UNIQUE, Produced.with(Serdes.String(), Serdes.ByteArray()));
    }
}
