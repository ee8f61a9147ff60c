package dev.eventlane.streams.analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.FunnelProgress;
import dev.eventlane.schemas.FunnelTouch;
import dev.eventlane.schemas.FunnelUserState;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * Each user's current progress in each funnel: the level reached within the funnel window that ends at the user's
 * latest event of the funnel, with the step order of the global catalog. Keeps only the events of that window per
 * user and funnel, and publishes a {@link FunnelProgress} whenever the level changes. Events older than the window
 * when they arrive no longer change the current progress and are not kept (ClickHouse still counts them for
 * {@code /funnel}).
 */
class FunnelProgressProcessor implements Processor<String, Event, String, FunnelProgress> {

    /** Steps beyond this are not part of a funnel (as in {@code /funnels}). */
    static final int MAX_STEPS = 50;

    /** How long a funnel's catalog read from the global store is reused: iterators on RocksDB are not cheap. */
    static final long CATALOG_REFRESH_MS = 1_000;

    private final String stateStoreName;
    private final String catalogStoreName;
    private final long windowMs;
    /** Funnel catalogs by key prefix, with when they were read (wall clock). */
    private final Map<String, CachedCatalog> catalogs = new HashMap<>();
    private ProcessorContext<String, FunnelProgress> context;
    private KeyValueStore<String, FunnelUserState> state;
    private KeyValueStore<String, Long> catalog;

    FunnelProgressProcessor(String stateStoreName, String catalogStoreName, Duration window) {
        this.stateStoreName = stateStoreName;
        this.catalogStoreName = catalogStoreName;
        this.windowMs = window.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, FunnelProgress> context) {
        this.context = context;
        this.state = context.getStateStore(stateStoreName);
        this.catalog = context.getStateStore(catalogStoreName);
    }

    @Override
    public void process(Record<String, Event> record) {
        Event event = record.value();
        if (event == null || event.getUserId() == null || event.getUserId().isEmpty()) {
            return;
        }
        String user = RecordKeys.user(event.getProjectId(), event.getUserId());
        String key = user + RecordKeys.SEPARATOR + event.getFunnel();
        FunnelUserState current = state.get(key);
        List<FunnelTouch> touches = current == null ? new ArrayList<>() : new ArrayList<>(current.getTouches());
        int previous = current == null ? 0 : current.getLevel();
        long time = event.getTimestamp().toEpochMilli();
        long latest = touches.stream().mapToLong(t -> t.getTimestamp().toEpochMilli()).max().orElse(time);
        if (time < latest - windowMs) {
            return;
        }
        touches.add(new FunnelTouch(event.getTimestamp(), event.getName()));
        long windowStart = Math.max(latest, time) - windowMs;
        touches.removeIf(t -> t.getTimestamp().toEpochMilli() < windowStart);
        Map<String, Integer> steps = steps(event.getProjectId(), event.getFunnel(), touches);
        int level = FunnelLevels.level(touches, steps, windowMs);
        state.put(key, new FunnelUserState(touches, level));
        if (level != previous) {
            context.forward(new Record<>(user,
                    new FunnelProgress(event.getProjectId(), event.getFunnel(), event.getUserId(), level, previous,
                            steps.size(), event.getTimestamp()),
                    record.timestamp()));
        }
    }

    /**
     * Step numbers by action: ordered by earliest time, then name; the first {@value #MAX_STEPS}. The catalog may not
     * yet know what this user's own events show (it is updated through a topic), so those count too.
     */
    private Map<String, Integer> steps(String projectId, String funnel, List<FunnelTouch> touches) {
        Map<String, Long> earliest = new HashMap<>(catalog(FunnelCatalogUpdater.catalogKey(projectId, funnel)));
        touches.forEach(t -> earliest.merge(t.getAction(), t.getTimestamp().toEpochMilli(), Math::min));
        List<Map.Entry<String, Long>> ordered = new ArrayList<>(earliest.entrySet());
        ordered.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> steps = new HashMap<>();
        for (Map.Entry<String, Long> action : ordered.subList(0, Math.min(MAX_STEPS, ordered.size()))) {
            steps.put(action.getKey(), steps.size() + 1);
        }
        return steps;
    }

    private Map<String, Long> catalog(String prefix) {
        long now = context.currentSystemTimeMs();
        CachedCatalog cached = catalogs.get(prefix);
        if (cached != null && now - cached.readAt < CATALOG_REFRESH_MS) {
            return cached.earliest;
        }
        Map<String, Long> earliest = new HashMap<>();
        try (KeyValueIterator<String, Long> it = catalog.prefixScan(prefix, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> earliest.put(kv.key.substring(prefix.length()), kv.value));
        }
        cached = new CachedCatalog(Map.copyOf(earliest), now);
        catalogs.put(prefix, cached);
        return cached.earliest;
    }

    private record CachedCatalog(Map<String, Long> earliest, long readAt) {
    }
}
