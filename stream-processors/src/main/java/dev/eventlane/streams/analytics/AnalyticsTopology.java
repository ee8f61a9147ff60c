package dev.eventlane.streams.analytics;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.FunnelProgress;
import dev.eventlane.schemas.FunnelStep;
import dev.eventlane.schemas.FunnelUserLevel;
import dev.eventlane.schemas.Session;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.shared.FunnelCatalogUpdater;

/**
 * The analytics stage: from unique events (keyed by project and user) it derives sessions, the funnel step catalog,
 * each user's funnel progress and overall funnel levels, active user days, purchases and web sessions, each on its own topic (the
 * ClickHouse sinks and the alerting read them). Erasures of users are carried out first ({@link UserErasure}).
 * Per-user state stays in the user's partition; only the funnel catalog is regrouped, by funnel, after a local
 * pre-aggregation, and read back by every instance as a global store.
 */
public final class AnalyticsTopology {

    static final String INFERRED_SESSIONS_STORE = "sessions-inferred";
    static final String CLIENT_SESSIONS_STORE = "sessions-client";
    static final String PENDING_SESSIONS_STORE = "sessions-pending";
    static final String LOCAL_STEPS_STORE = "funnel-steps-local";
    static final String CATALOG_STORE = "funnel-steps-catalog";
    static final String USER_DAYS_STORE = "user-days-seen";
    static final String PROGRESS_STORE = "funnel-progress";
    static final String PENDING_LEVELS_STORE = "funnel-levels-pending";
    static final String FUNNEL_ORDERS_STORE = "funnel-orders";
    static final String GLOBAL_CATALOG_STORE = "funnel-catalog-global";
    static final String WEB_SESSIONS_STORE = "web-sessions";
    static final String PENDING_WEB_SESSIONS_STORE = "web-sessions-pending";
    /** Stores keyed by project and user first, then more. */
    private static final List<String> USER_STORES = List.of(INFERRED_SESSIONS_STORE, CLIENT_SESSIONS_STORE,
            PENDING_SESSIONS_STORE, USER_DAYS_STORE, WEB_SESSIONS_STORE, PENDING_WEB_SESSIONS_STORE);
    /** Stores keyed by project, funnel and user. */
    private static final List<String> FUNNEL_USER_STORES = List.of(PROGRESS_STORE, PENDING_LEVELS_STORE);
    private static final String[] ERASABLE_STORES = {INFERRED_SESSIONS_STORE, CLIENT_SESSIONS_STORE,
        PENDING_SESSIONS_STORE, USER_DAYS_STORE, PROGRESS_STORE, PENDING_LEVELS_STORE, FUNNEL_ORDERS_STORE,
        WEB_SESSIONS_STORE, PENDING_WEB_SESSIONS_STORE};

    private final Duration publishInterval;
    private final Duration funnelWindow;
    private final Purchases purchases;
    private final int maxHistory;

    public AnalyticsTopology(Duration publishInterval, Duration funnelWindow, Set<String> revenueActions) {
        this(publishInterval, funnelWindow, revenueActions, FunnelHistory.MAX_PAIRS);
    }

    /** @param maxHistory the most (time, action) pairs kept per user and funnel */
    AnalyticsTopology(Duration publishInterval, Duration funnelWindow, Set<String> revenueActions, int maxHistory) {
        this.maxHistory = maxHistory;
        this.publishInterval = publishInterval;
        this.funnelWindow = funnelWindow;
        this.purchases = new Purchases(revenueActions);
    }

    /**
     * Adds the analytics stage to {@code builder}.
     *
     * @return the unique events after erasures, for the alerting that reads every event (notifications, alert rule
     *         counts) and runs in this application so that each event is decoded once
     */
    public KStream<String, Event> addTo(StreamsBuilder builder) {
        Serde<Session> sessions = EventlaneSerdes.session();
        Serde<FunnelStep> steps = EventlaneSerdes.funnelStep();
        addUncachedStore(builder, INFERRED_SESSIONS_STORE, sessions);
        addUncachedStore(builder, CLIENT_SESSIONS_STORE, sessions);
        addPendingStore(builder, PENDING_SESSIONS_STORE, sessions);
        addStore(builder, LOCAL_STEPS_STORE, Serdes.Long());
        addStore(builder, CATALOG_STORE, Serdes.Long());
        addUncachedStore(builder, USER_DAYS_STORE, Serdes.Long());
        addUncachedStore(builder, PROGRESS_STORE, EventlaneSerdes.funnelUserState());
        addPendingStore(builder, PENDING_LEVELS_STORE, Serdes.Long());
        addStore(builder, FUNNEL_ORDERS_STORE, Serdes.String());
        addUncachedStore(builder, WEB_SESSIONS_STORE, EventlaneSerdes.webSession());
        addPendingStore(builder, PENDING_WEB_SESSIONS_STORE, EventlaneSerdes.webSession());
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GLOBAL_CATALOG_STORE),
                        Serdes.String(), Serdes.Long()).withLoggingDisabled(),
                Topics.FUNNEL_STEPS, Consumed.with(Serdes.String(), steps).withName("funnel-catalog"),
                () -> new FunnelCatalogUpdater(GLOBAL_CATALOG_STORE));

        KStream<String, Event> events = builder.stream(Topics.EVENTS_UNIQUE,
                        Consumed.with(Serdes.String(), EventlaneSerdes.event()).withName("unique-events"))
                .processValues(() -> new UserErasure(USER_STORES, FUNNEL_USER_STORES, FUNNEL_ORDERS_STORE),
                        Named.as("user-erasure"), ERASABLE_STORES);

        events.process(() -> new SessionProcessor(INFERRED_SESSIONS_STORE, CLIENT_SESSIONS_STORE,
                        PENDING_SESSIONS_STORE, publishInterval), Named.as("sessionize"),
                        INFERRED_SESSIONS_STORE, CLIENT_SESSIONS_STORE, PENDING_SESSIONS_STORE)
                .to(Topics.SESSIONS, Produced.with(Serdes.String(), sessions));

        KStream<String, Event> funnelEvents = events.filter(
                (key, event) -> event.getFunnel() != null && !event.getFunnel().isEmpty(), Named.as("funnel-events"));
        funnelEvents.mapValues(event -> new FunnelStep(event.getProjectId(), event.getFunnel(), event.getName(),
                        event.getTimestamp()), Named.as("funnel-step"))
                .process(() -> new EarliestStepProcessor(LOCAL_STEPS_STORE), Named.as("earliest-step-local"),
                        LOCAL_STEPS_STORE)
                .repartition(Repartitioned.with(Serdes.String(), steps).withName("funnel-steps-by-funnel"))
                .process(() -> new EarliestStepProcessor(CATALOG_STORE), Named.as("earliest-step"), CATALOG_STORE)
                .to(Topics.FUNNEL_STEPS, Produced.with(Serdes.String(), steps));

        FunnelProgressProcessor.Stores funnelStores = new FunnelProgressProcessor.Stores(PROGRESS_STORE,
                PENDING_LEVELS_STORE, FUNNEL_ORDERS_STORE, GLOBAL_CATALOG_STORE);
        KStream<String, SpecificRecord> funnelUsers = funnelEvents.process(
                () -> new FunnelProgressProcessor(funnelStores, funnelWindow, publishInterval, maxHistory),
                Named.as("funnel-progress"), PROGRESS_STORE, PENDING_LEVELS_STORE, FUNNEL_ORDERS_STORE);
        only(funnelUsers, FunnelProgress.class, "funnel-progress")
                .to(Topics.FUNNEL_PROGRESS, Produced.with(Serdes.String(), EventlaneSerdes.funnelProgress()));
        only(funnelUsers, FunnelUserLevel.class, "funnel-levels")
                .to(Topics.FUNNEL_LEVELS, Produced.with(Serdes.String(), EventlaneSerdes.funnelUserLevel()));

        events.process(() -> new UserDayProcessor(USER_DAYS_STORE), Named.as("user-days"), USER_DAYS_STORE)
                .to(Topics.USER_DAYS, Produced.with(Serdes.String(), EventlaneSerdes.userDay()));

        events.filter((key, event) -> purchases.isRevenue(event), Named.as("revenue-events"))
                .mapValues(purchases::of, Named.as("purchase"))
                .to(Topics.PURCHASES, Produced.with(Serdes.String(), EventlaneSerdes.purchase()));

        events.process(() -> new WebSessionProcessor(WEB_SESSIONS_STORE, PENDING_WEB_SESSIONS_STORE,
                        publishInterval), Named.as("web-sessions"), WEB_SESSIONS_STORE, PENDING_WEB_SESSIONS_STORE)
                .to(Topics.WEB_SESSIONS, Produced.with(Serdes.String(), EventlaneSerdes.webSession()));
        return events;
    }

    /** The records of one type from a processor that forwards several. */
    private static <V extends SpecificRecord> KStream<String, V> only(KStream<String, SpecificRecord> records,
            Class<V> type, String name) {
        return records.filter((key, value) -> type.isInstance(value), Named.as(name + "-only"))
                .mapValues(type::cast, Named.as(name + "-cast"));
    }

    /**
     * RocksDB with a changelog, cached: for the few keys written by every event of a funnel (the step catalogs) or
     * rarely (step orders), so that the writes between commits reach RocksDB and the changelog once.
     */
    private static <V> void addStore(StreamsBuilder builder, String name, Serde<V> values) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                values).withCachingEnabled());
    }

    /**
     * In memory with a changelog, not cached: for the small sets of keys with news, read whole and emptied every
     * publish interval. In RocksDB every scan from the first key stepped over the tombstones of all the keys published
     * before (until compaction): about a fifth of the stream thread's time in a profile. The record cache only added
     * a second sorted map in front of the first (see {@link #addUncachedStore}).
     */
    private static <V> void addPendingStore(StreamsBuilder builder, String name, Serde<V> values) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                values).withCachingDisabled());
    }

    /**
     * RocksDB with a changelog, not cached: for the stores keyed by user. Under exactly-once the record cache is
     * flushed at every commit (100 ms), and a user seldom has two events that close together, so it saved few writes.
     * It cost a lot: its sorted maps compare keys byte by byte, and every key of a project starts with the same
     * 36-character project id. In a profile at 10k events/s, key comparisons were a quarter of the analytics thread's
     * samples, mostly the cache's; uncached, the thread used a tenth less CPU and analytics freshness p99 went from
     * 5.8 s to 3.7 s (BENCHMARKS.md). Uncached also suits the stores read with reverse range scans, which the cache
     * merged with RocksDB answered with deleted keys (null values) in a real run.
     */
    private static <V> void addUncachedStore(StreamsBuilder builder, String name, Serde<V> values) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                values).withCachingDisabled());
    }
}
