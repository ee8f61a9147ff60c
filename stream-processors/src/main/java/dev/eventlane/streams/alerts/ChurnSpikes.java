package dev.eventlane.streams.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import dev.eventlane.schemas.FunnelProgress;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.shared.Endpoints;
import dev.eventlane.streams.shared.FunnelCatalogUpdater;
import dev.eventlane.streams.shared.GlobalStore;
import dev.eventlane.streams.shared.GlobalStores;

/**
 * Churn-spike alerts from the analytics stage's funnel progress: per project, funnel and step, the churn among the
 * funnel's recent users, judged against each subscribed endpoint's own threshold.
 *
 * <ul>
 * <li><b>Ownership.</b> {@code funnel-progress} is keyed by user; it is repartitioned by project and funnel
 * ({@value #REPARTITION}) so that one task sees all users of a funnel and counts them alone.</li>
 * <li><b>Watched projects only.</b> Progress is counted only for projects with an endpoint receiving churn spikes
 * ({@link WatchedProjects}); for an endpoint added later, counting starts then, and its window fills within one
 * window.</li>
 * <li><b>Recent users.</b> A funnel's recent users are those whose latest progress (its event time) lies within
 * {@link Settings#window} before the current wall-clock time; each counts once, with its latest level. Progress older
 * than that on arrival is dropped, so a bulk load of old history raises nothing. A user whose events no longer
 * change their level publishes no progress, and leaves the window like one who stopped.</li>
 * <li><b>Churn.</b> users(i) = recent users with level &ge; i; for steps i &ge; 2 of the catalog's step order,
 * churn(i) = 100 &middot; (1 &minus; users(i) / users(i&minus;1)), judged only when users(i&minus;1) &ge;
 * {@link Settings#minUsers}: a handful of users makes any percentage.</li>
 * <li><b>When.</b> Counts per level are kept incrementally as progress arrives; every {@link Settings#checkInterval}
 * of wall-clock time, users who left the window are taken out (through an index by time) and the funnels that
 * changed since the last check are judged. After a restart every counted funnel is judged once.</li>
 * <li><b>Hysteresis.</b> Per endpoint, funnel and step (the step's action): an armed state fires when churn exceeds
 * the endpoint's {@code churn_threshold_pct}, and is then disarmed until churn falls below the threshold minus
 * {@link Settings#rearmMargin}, so a churn hovering at the threshold raises one alert, not a storm. The disarmed
 * states are in a store with a changelog: a restart does not fire again.</li>
 * <li><b>Alert.</b> Key: the project. Kind {@code churn_spike}, addressed to the one endpoint (thresholds differ
 * per endpoint), id derived from endpoint, project, funnel, step and time, triggered at the wall-clock time of the
 * check, payload {@code {"event":"churn_spike","triggered_at","funnel","step","churn_pct","threshold"}}, the step
 * being its action. Endpoints deleted (gone from the global store) get nothing.</li>
 * </ul>
 * The step names come from this class's own global copy of the step catalog ({@value #CATALOG_STORE}).
 */
public final class ChurnSpikes {

    /** Recent users by project, funnel and user: their latest progress. */
    static final String USERS_STORE = "churn-users";
    /** The same users by the event time of their latest progress, which says when they leave the window. */
    static final String TIMES_STORE = "churn-user-times";
    /** Recent users of each funnel (project and funnel) by level. */
    static final String LEVELS_STORE = "churn-levels";
    /** Endpoints, funnels and steps that fired and wait to be re-armed. */
    static final String DISARMED_STORE = "churn-disarmed";
    /** The global copy of the funnel step catalog. */
    static final String CATALOG_STORE = "churn-funnel-catalog";
    static final String REPARTITION = "churn-progress-by-funnel";

    private ChurnSpikes() {
    }

    /**
     * @param window        how far back the latest progress of a recent user may be
     * @param minUsers      users(i&minus;1) needed before step i's churn is judged
     * @param rearmMargin   percentage points below the threshold churn must fall to re-arm
     * @param checkInterval how often (wall clock) the window slides and changed funnels are judged
     */
    public record Settings(Duration window, int minUsers, double rearmMargin, Duration checkInterval) {

        public Settings {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(checkInterval, "checkInterval");
            if (window.isNegative() || window.isZero() || checkInterval.isNegative() || checkInterval.isZero()) {
                throw new IllegalArgumentException("The churn window and check interval must be positive");
            }
            if (minUsers < 1) {
                throw new IllegalArgumentException("The churn minimum of users must be at least 1: " + minUsers);
            }
            if (rearmMargin < 0) {
                throw new IllegalArgumentException("The re-arm margin must not be negative: " + rearmMargin);
            }
        }
    }

    /**
     * Adds the churn-spike detection, from {@code funnel-progress} and {@code funnel-steps} to {@code alerts}.
     *
     * @param endpoints the endpoints' global store, as {@link GlobalStores#addEndpointsStore} added it
     */
    public static void addTo(StreamsBuilder builder, GlobalStore<WebhookEndpoint> endpoints, Settings settings) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(USERS_STORE),
                Serdes.String(), EventlaneSerdes.funnelProgress()).withCachingEnabled());
        // In memory (with a changelog): read from its first key every check, which in RocksDB would step over the
        // tombstones of every user expired before, until compaction.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TIMES_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LEVELS_STORE),
                Serdes.String(), levelCounts()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DISARMED_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CATALOG_STORE),
                        Serdes.String(), Serdes.Long()).withLoggingDisabled(),
                Topics.FUNNEL_STEPS, Consumed.with(Serdes.String(), EventlaneSerdes.funnelStep())
                        .withName("churn-funnel-steps"),
                () -> new FunnelCatalogUpdater(CATALOG_STORE));

        ChurnSpikeProcessor.Stores stores = new ChurnSpikeProcessor.Stores(USERS_STORE, TIMES_STORE, LEVELS_STORE,
                DISARMED_STORE, CATALOG_STORE, endpoints);
        // Only the progress of projects with a churn-spike subscriber is counted: an endpoint added later is judged on
        // the users whose progress arrives from then on (its window fills within one window).
        WatchedProjects.stream(builder, endpoints, Topics.FUNNEL_PROGRESS, EventlaneSerdes.funnelProgress(),
                        "churn-progress", Alerts.CHURN_SPIKE)
                .filter((user, progress) -> countable(progress), Named.as("churn-countable"))
                .selectKey((user, progress) -> RecordKeys.funnel(progress.getProjectId(), progress.getFunnel()),
                        Named.as("churn-funnel-key"))
                .repartition(Repartitioned.with(Serdes.String(), EventlaneSerdes.funnelProgress())
                        .withName(REPARTITION))
                .process(() -> new ChurnSpikeProcessor(stores, settings), Named.as("churn-spikes"),
                        USERS_STORE, TIMES_STORE, LEVELS_STORE, DISARMED_STORE)
                .to(Topics.ALERTS, Produced.with(Serdes.String(), EventlaneSerdes.alert()).withName("churn-alerts"));
    }

    /** Counts by level, as a list of ints. */
    @SuppressWarnings("unchecked") // ArrayList.class is raw: the serde makes the lists it reads ArrayList<Integer>
    private static Serde<List<Integer>> levelCounts() {
        return Serdes.ListSerde(ArrayList.class, Serdes.Integer());
    }

    /** Whether a progress record can be counted: tombstones and records without a user cannot. */
    static boolean countable(FunnelProgress progress) {
        return progress != null && progress.getUserId() != null && !progress.getUserId().isEmpty();
    }
}
