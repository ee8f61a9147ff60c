package dev.eventlane.streams.analytics;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.eventlane.platform.analytics.StepOrder;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.FunnelProgress;
import dev.eventlane.schemas.FunnelUserLevel;
import dev.eventlane.schemas.FunnelUserState;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * Users' levels in funnels, from all of each user's events of each funnel (distinct times and actions, kept in a
 * store), with the step order of the global catalog:
 * <ul>
 * <li><b>progress</b>: the level within the funnel window that ends at the user's latest event, published as a
 * {@link FunnelProgress} whenever it changes (churn alerts build on it);</li>
 * <li><b>overall level</b>: the level over all of the user's events, which is what {@code /funnel} counts for any
 * range holding them all. Published as a {@link FunnelUserLevel} with the step order's fingerprint and the span of
 * the events, at most once per publish interval per user and funnel, for query-api's fast path.</li>
 * </ul>
 * When a funnel's step order changes, every user of the funnel in this task is computed again, so that published
 * levels end up with the funnel's final order.
 */
class FunnelProgressProcessor implements Processor<String, Event, String, SpecificRecord> {

    /** How long a funnel's catalog read from the global store is reused: iterators on RocksDB are not cheap. */
    static final long CATALOG_REFRESH_MS = 1_000;
    /**
     * Published instead of the step order's fingerprint for a user whose history is full: it matches no order, so
     * query-api counts the funnel from the events (exact), not from levels.
     */
    static final String INEXACT = "inexact:history-full";

    private final Stores stores;
    private final long windowMs;
    private final Duration publishInterval;
    /** The bound of each user's history (FunnelHistory.MAX_PAIRS but in tests). */
    private final int maxPairs;
    /** Funnel catalogs by key prefix, with when they were read (wall clock). */
    private final Map<String, CachedCatalog> catalogs = new HashMap<>();
    /** Funnels known to be in {@link #orders}. */
    private final Set<String> ordered = new HashSet<>();
    /**
     * The states this processor wrote since the last publication, by key, so that publishing a pending user does
     * not read back from RocksDB what was just written. Emptied at every publication: a user erased since (which
     * empties the pending store too) is never read from here.
     */
    private final Map<String, FunnelUserState> written = new HashMap<>();
    private ProcessorContext<String, SpecificRecord> context;
    /** Users' events and progress, by project, funnel and user. */
    private KeyValueStore<String, FunnelUserState> state;
    /** Users whose overall level is to be published, by the same key. */
    private KeyValueStore<String, Long> pending;
    /** The catalog's step order of each funnel with users in this task, when last checked, by project and funnel. */
    private KeyValueStore<String, String> orders;
    private KeyValueStore<String, Long> catalog;

    /** The names of the stores this processor uses. */
    record Stores(String state, String pending, String orders, String catalog) {
    }

    FunnelProgressProcessor(Stores stores, Duration window, Duration publishInterval, int maxPairs) {
        this.stores = stores;
        this.maxPairs = maxPairs;
        this.windowMs = window.toMillis();
        this.publishInterval = publishInterval;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.state = context.getStateStore(stores.state());
        this.pending = context.getStateStore(stores.pending());
        this.orders = context.getStateStore(stores.orders());
        this.catalog = context.getStateStore(stores.catalog());
        written.clear();
        context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, now -> {
            recomputeReordered();
            publishPending();
        });
    }

    @Override
    public void process(Record<String, Event> record) {
        Event event = record.value();
        if (event == null || event.getUserId() == null || event.getUserId().isEmpty()) {
            return;
        }
        String funnel = RecordKeys.funnel(event.getProjectId(), event.getFunnel());
        String key = funnel + RecordKeys.SEPARATOR + event.getUserId();
        FunnelUserState current = state.get(key);
        FunnelHistory history = current == null ? new FunnelHistory() : history(current);
        if (history.isFull(maxPairs)) {
            // Further events no longer move the stream's level or progress; the event that filled the history had
            // its level published as inexact.
            return;
        }
        if (!history.add(event.getTimestamp().toEpochMilli(), event.getName())) {
            return; // the same action at the same time changes no level
        }
        if (current == null) {
            current = new FunnelUserState(event.getProjectId(), event.getFunnel(), event.getUserId(), List.of(),
                    ByteBuffer.allocate(0), 0);
            if (ordered.add(funnel) && orders.get(funnel) == null) {
                orders.put(funnel, catalog(funnel).fingerprint());
            }
        }
        updateProgress(key, current, history);
        if (pending.get(key) == null) {
            pending.put(key, context.currentSystemTimeMs());
        }
    }

    /** Stores the history with the progress it gives, publishing the progress if it changed. */
    private void updateProgress(String key, FunnelUserState user, FunnelHistory history) {
        UserSteps steps = steps(user, history);
        long latest = history.last();
        int level = FunnelLevels.level(history, history.firstAtOrAfter(latest - windowMs), steps.stepOf(), windowMs);
        int previous = user.getLevel();
        FunnelUserState next = new FunnelUserState(user.getProjectId(), user.getFunnel(), user.getUserId(),
                history.actions(), history.pack(), level);
        state.put(key, next);
        written.put(key, next);
        if (level != previous) {
            context.forward(new Record<>(RecordKeys.user(user.getProjectId(), user.getUserId()),
                    new FunnelProgress(user.getProjectId(), user.getFunnel(), user.getUserId(), level, previous,
                            steps.steps().size(), Instant.ofEpochMilli(latest)),
                    context.currentSystemTimeMs()));
        }
    }

    /** Users of funnels whose catalog order changed since the last check: their levels are computed again. */
    private void recomputeReordered() {
        Map<String, String> changed = new HashMap<>();
        try (KeyValueIterator<String, String> it = orders.all()) {
            it.forEachRemaining(kv -> {
                String now = catalog(kv.key).fingerprint();
                if (!now.equals(kv.value)) {
                    changed.put(kv.key, now);
                }
            });
        }
        changed.forEach((funnel, order) -> {
            List<KeyValue<String, FunnelUserState>> users = new ArrayList<>();
            try (KeyValueIterator<String, FunnelUserState> it =
                    state.prefixScan(funnel + RecordKeys.SEPARATOR, Serdes.String().serializer())) {
                it.forEachRemaining(users::add);
            }
            for (KeyValue<String, FunnelUserState> user : users) {
                // A funnel name with a NUL in it shares the prefix: the state says which funnel it is.
                if (user.value != null && funnel.equals(RecordKeys.funnel(user.value.getProjectId(),
                        user.value.getFunnel()))) {
                    updateProgress(user.key, user.value, history(user.value));
                    pending.put(user.key, context.currentSystemTimeMs());
                }
            }
            orders.put(funnel, order);
        });
    }

    private void publishPending() {
        List<String> published = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = pending.all()) {
            it.forEachRemaining(kv -> published.add(kv.key));
        }
        for (String key : published) {
            FunnelUserState user = written.get(key);
            if (user == null) {
                user = state.get(key);
            }
            if (user == null) {
                pending.delete(key);
                continue;
            }
            FunnelHistory history = history(user);
            UserSteps steps = steps(user, history);
            int level = FunnelLevels.level(history, 0, steps.stepOf(), windowMs);
            context.forward(new Record<>(key, new FunnelUserLevel(user.getProjectId(), user.getFunnel(),
                    user.getUserId(), level, history.isFull(maxPairs) ? INEXACT : steps.fingerprint(), windowMs,
                    Instant.ofEpochMilli(history.first()),
                    Instant.ofEpochMilli(history.last())), context.currentSystemTimeMs()));
            // The user's own events changed the order, and the catalog does not show it yet: later changes of the
            // catalog may bring it back to the order already checked, so this user is published again until the
            // catalog agrees (query-api does not use the level while its order is not the funnel's).
            if (steps.catalogs()) {
                pending.delete(key);
            }
        }
        written.clear();
    }

    private static FunnelHistory history(FunnelUserState user) {
        return FunnelHistory.unpack(user.getActions(), user.getTouches());
    }

    /**
     * The funnel's steps by the catalog, which may not yet know what the user's own events show (it is updated
     * through a topic), so those count too.
     */
    private UserSteps steps(FunnelUserState user, FunnelHistory history) {
        CachedCatalog catalog = catalog(RecordKeys.funnel(user.getProjectId(), user.getFunnel()));
        List<String> actions = history.actions();
        for (int a = 0; a < actions.size(); a++) {
            Long known = catalog.earliest().get(actions.get(a));
            if (known == null || known > history.earliest(a)) {
                return mergedSteps(catalog, history);
            }
        }
        return new UserSteps(catalog.steps(), catalog.fingerprint(), stepOf(actions, catalog.numbers()), true);
    }

    /** The steps when the user has an action earlier than the catalog shows. */
    private static UserSteps mergedSteps(CachedCatalog catalog, FunnelHistory history) {
        Map<String, Long> earliest = new HashMap<>(catalog.earliest());
        List<String> actions = history.actions();
        for (int a = 0; a < actions.size(); a++) {
            earliest.merge(actions.get(a), history.earliest(a), Math::min);
        }
        List<String> steps = StepOrder.of(earliest);
        if (steps.equals(catalog.steps())) {
            // Mostly an earlier time that does not reorder the steps (a backfill, a catalog not yet updated): the
            // catalog's fingerprint and numbers are the same, without a digest per event.
            return new UserSteps(catalog.steps(), catalog.fingerprint(), stepOf(actions, catalog.numbers()), true);
        }
        return new UserSteps(steps, StepOrder.fingerprint(steps), stepOf(actions, stepNumbers(steps)), false);
    }

    /** The step number of each action (0: not a step), in the order of the list; once per event, so a plain loop. */
    private static int[] stepOf(List<String> actions, Map<String, Integer> numbers) {
        int[] stepOf = new int[actions.size()];
        for (int a = 0; a < stepOf.length; a++) {
            stepOf[a] = numbers.getOrDefault(actions.get(a), 0);
        }
        return stepOf;
    }

    /**
     * @param stepOf   step number of each of the user's actions, by index (0: not a step)
     * @param catalogs whether the catalog shows the same order
     */
    private record UserSteps(List<String> steps, String fingerprint, int[] stepOf, boolean catalogs) {
    }

    private static Map<String, Integer> stepNumbers(List<String> steps) {
        Map<String, Integer> numbers = new HashMap<>();
        steps.forEach(step -> numbers.put(step, numbers.size() + 1));
        return numbers;
    }

    /** A funnel's catalog (project and funnel key) from the global store, read at most once a refresh interval. */
    private CachedCatalog catalog(String funnel) {
        long now = context.currentSystemTimeMs();
        CachedCatalog cached = catalogs.get(funnel);
        if (cached != null && now - cached.readAt < CATALOG_REFRESH_MS) {
            return cached;
        }
        String prefix = funnel + RecordKeys.SEPARATOR;
        Map<String, Long> earliest = new HashMap<>();
        try (KeyValueIterator<String, Long> it = catalog.prefixScan(prefix, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> earliest.put(kv.key.substring(prefix.length()), kv.value));
        }
        List<String> steps = StepOrder.of(earliest);
        cached = new CachedCatalog(Map.copyOf(earliest), steps, stepNumbers(steps), StepOrder.fingerprint(steps), now);
        catalogs.put(funnel, cached);
        return cached;
    }

    /** The earliest time of each action, the steps they give, their numbers and the fingerprint of that order. */
    private record CachedCatalog(Map<String, Long> earliest, List<String> steps, Map<String, Integer> numbers,
            String fingerprint, long readAt) {
    }
}
