package dev.eventlane.streams.schema;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Schema discovery (GoodLogs' {@code /v1/schema}): each partition of the unique events and log entries counts the event
 * names and property keys of every project, with the types of their values and a few examples, within
 * {@link Caps}, and publishes their running totals on {@value Topics#SCHEMA_FIELDS} (see
 * {@link SchemaDiscoveryProcessor}); the ClickHouse sink stores them and query-api sums the partitions' totals.
 */
public final class SchemaDiscovery {

    /**
     * What is published of every name and key this task knows; in memory with a changelog (bounded by the caps).
     * Volumes counted since the last publication are kept by the processor, in memory, and written here with it.
     */
    static final String FIELDS_STORE = "schema-fields";
    /** How many names or keys each project has per kind in this task (what the caps are checked against). */
    static final String KEYS_STORE = "schema-fields-keys";
    /**
     * How often volumes are published: new keys are at once; half a second keeps a count's way to ClickHouse
     * (commit 250 ms, sink flush 200 ms) well inside the two seconds GoodLogs users expect.
     */
    public static final Duration PUBLISH_INTERVAL = Duration.ofMillis(500);

    /**
     * The bounds of discovery, per project and partition; what is over them is counted under an empty key.
     *
     * @param names distinct event names
     * @param keys distinct property keys (with their type) of events, and as many of logs
     * @param keysPerRecord properties looked at per event or log entry
     * @param keyChars the longest name or key kept
     * @param examples examples per key and type
     * @param exampleChars the longest example kept (its JSON text)
     */
    public record Caps(int names, int keys, int keysPerRecord, int keyChars, int examples, int exampleChars) {

        public static final Caps DEFAULT = new Caps(1_000, 500, 256, 128, 5, 128);
    }

    private SchemaDiscovery() {
    }

    /** The log entries, read once for everything in the application that needs them. */
    public static KStream<String, LogEntry> logs(StreamsBuilder builder) {
        return builder.stream(Topics.LOGS_UNIQUE, Consumed.with(Serdes.String(), EventlaneSerdes.logEntry())
                .withName("logs"));
    }

    /** Adds discovery over {@code events} (the unique events after erasures) and {@code logs} (the unique entries). */
    public static void addTo(StreamsBuilder builder, KStream<String, Event> events, KStream<String, LogEntry> logs,
            Duration publishInterval, Caps caps) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FIELDS_STORE),
                Serdes.String(), EventlaneSerdes.schemaField()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(KEYS_STORE),
                Serdes.String(), Serdes.Long()).withCachingDisabled());
        KStream<String, Observation> eventObservations = events
                .filter((key, event) -> event != null, Named.as("schema-events-present"))
                .mapValues(Observation::of, Named.as("schema-event-observations"));
        KStream<String, Observation> logObservations = logs
                .filter((key, entry) -> entry != null, Named.as("schema-logs-present"))
                .mapValues(Observation::of, Named.as("schema-log-observations"));
        eventObservations.merge(logObservations, Named.as("schema-observations"))
                .process(() -> new SchemaDiscoveryProcessor(new SchemaDiscoveryProcessor.Stores(FIELDS_STORE,
                        KEYS_STORE), publishInterval, caps), Named.as("schema-discovery"), FIELDS_STORE, KEYS_STORE)
                .to(Topics.SCHEMA_FIELDS, Produced.with(Serdes.String(), EventlaneSerdes.schemaField())
                        .withName("schema-fields"));
    }
}
