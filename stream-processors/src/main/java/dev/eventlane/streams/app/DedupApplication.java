package dev.eventlane.streams.app;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

import dev.eventlane.schemas.pipeline.StreamsApplications;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.dedup.EventDeduplicator;

/**
 * De-duplication ({@value StreamsApplications#DEDUP}), the first stage of every pipeline: events as ingest published
 * them ({@value Topics#EVENTS}) become unique events ({@value Topics#EVENTS_UNIQUE}), log entries ({@value
 * Topics#LOGS}) unique log entries ({@value Topics#LOGS_UNIQUE}). A retried event (same project and event id) or log
 * entry (same project and log id) is forwarded once. Runs exactly-once, so a crash neither drops a record nor lets a
 * duplicate through. Values pass through as the bytes ingest wrote: the identity comes from a header, so this stage
 * never decodes or re-encodes a record.
 *
 * <p>Quarkus's Kafka Streams extension runs this application ({@code quarkus.kafka-streams.*}: its id, the topics it
 * waits for, its health checks); {@link PipelineLifecycle} says where it stands in the start order.
 */
@ApplicationScoped
public class DedupApplication {

    /** Event ids seen, by project and event id. */
    public static final String SEEN_STORE = "seen-event-ids";
    /** Log ids seen, by project and log id. */
    public static final String SEEN_LOGS_STORE = "seen-log-ids";
    /** How long an event or log id is remembered: clients retry within minutes, a week leaves ample room. */
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

    /**
     * Adds de-duplication to {@code builder} (tests put the analytics stage behind it in one topology). The events
     * come first so that their sub-topology, and with it its tasks and state, keeps the number it had before logs were
     * de-duplicated too.
     */
    public static void addTo(StreamsBuilder builder) {
        builder.addStateStore(seenIds(SEEN_STORE));
        builder.stream(Topics.EVENTS, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .processValues(() -> EventDeduplicator.ofEvents(SEEN_STORE, DEDUP_WINDOW), SEEN_STORE)
                .to(Topics.EVENTS_UNIQUE, Produced.with(Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(seenIds(SEEN_LOGS_STORE));
        builder.stream(Topics.LOGS, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .processValues(() -> EventDeduplicator.ofLogs(SEEN_LOGS_STORE, DEDUP_WINDOW), SEEN_LOGS_STORE)
                .to(Topics.LOGS_UNIQUE, Produced.with(Serdes.String(), Serdes.ByteArray()));
    }

    private static StoreBuilder<WindowStore<String, Long>> seenIds(String name) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, DEDUP_WINDOW, DEDUP_WINDOW, false),
                Serdes.String(), Serdes.Long());
    }
}
