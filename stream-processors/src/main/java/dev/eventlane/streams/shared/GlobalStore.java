package dev.eventlane.streams.shared;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * A global store of the alerting (webhook endpoints, alert rules), keyed by project first ({@link RecordKeys#owned}),
 * with a count of the writes its updater ({@link LatestByKey}) has made. A processor that looks a project up for
 * every record reads the store through a {@link ByProject} view: the store's values grouped by project, rebuilt only
 * after the store was written.
 *
 * <p>Why not a prefix scan per record: every iterator over a state store registers Kafka Streams' oldest-open-iterator
 * gauge as it opens and removes it as it closes (through JMX and the client telemetry). In a benchmark at 10,000
 * events/s that took a quarter of the analytics thread (alert rule counting) and two thirds of the alerting thread
 * (watched projects), and the analytics stage fell behind.
 */
public final class GlobalStore<V> {

    private final String name;
    private final AtomicLong writes = new AtomicLong();

    GlobalStore(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Called by the updater, on the global stream thread, after each write to the store. */
    void written() {
        writes.incrementAndGet();
    }

    /** A view of {@code store}, this global store as a processor's context gives it; one per processor. */
    public ByProject<V> byProject(ReadOnlyKeyValueStore<String, V> store) {
        return new ByProject<>(this, store);
    }

    /** The values of a global store grouped by project. Not thread-safe: each processor has its own. */
    public static final class ByProject<V> {

        private final GlobalStore<V> source;
        private final ReadOnlyKeyValueStore<String, V> store;
        /** The write count the grouping was built at; none yet at first. */
        private long builtAt = -1;
        private Map<String, List<V>> byProject = Map.of();

        private ByProject(GlobalStore<V> source, ReadOnlyKeyValueStore<String, V> store) {
            this.source = source;
            this.store = store;
        }

        /**
         * The values of the project's keys, as of the latest write. The first lookup also sees what the store was
         * restored with at start-up, which its updater never wrote.
         */
        public List<V> of(String projectId) {
            long writes = source.writes.get();
            if (writes != builtAt) {
                // The count is read before the store: a write during the rebuild leaves the count ahead of builtAt,
                // and the next lookup rebuilds again.
                builtAt = writes;
                byProject = group();
            }
            return byProject.getOrDefault(projectId, List.of());
        }

        private Map<String, List<V>> group() {
            Map<String, List<V>> grouped = new HashMap<>();
            try (KeyValueIterator<String, V> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, V> entry = all.next();
                    if (entry.key != null && entry.value != null) {
                        grouped.computeIfAbsent(RecordKeys.projectOf(entry.key), project -> new ArrayList<>())
                                .add(entry.value);
                    }
                }
            }
            return grouped;
        }
    }
}
