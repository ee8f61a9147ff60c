package dev.eventlane.streams.alerts;

import java.time.Duration;
import java.util.Objects;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.shared.Endpoints;
import dev.eventlane.streams.shared.GlobalStore;
import dev.eventlane.streams.shared.GlobalStores;

/**
 * Revenue-drop alerts from the analytics stage's purchases: per project, an hour's revenue against the same hour's
 * average over the seven days before, judged against each subscribed endpoint's own threshold.
 *
 * <ul>
 * <li><b>Ownership.</b> {@code purchases} is keyed by user; it is repartitioned by project ({@value #REPARTITION}) so
 * that one task sums all of a project's revenue.</li>
 * <li><b>Revenue.</b> Per project and UTC hour of event time, the exact sum of the amounts (decimal strings; one that
 * does not parse is skipped), kept for the last {@link RevenueDropProcessor#HISTORY} of wall-clock time (older hours
 * are pruned and purchases older than that ignored), and the project's first hour seen, kept for good.</li>
 * <li><b>When.</b> An hour H is judged once, when the wall clock reaches H + 1 h + {@link Settings#grace}, so that
 * purchases arriving a little late still count in it; a punctuator checks every {@link Settings#checkInterval}. Only
 * the most recent closed hour is judged: after a pause the hours missed are not judged late. An hour without
 * purchases is judged with revenue 0, for every project with purchases in the hours kept.</li>
 * <li><b>Baseline.</b> The average revenue of hours H &minus; k &middot; 24 h, k = 1..7, over the k whose hour is at
 * or after the project's first hour seen (a new project is compared with the days it has). Without such a k, or
 * with a baseline of 0 or less, the hour is not judged. drop_pct = 100 &middot; (baseline &minus; revenue) /
 * baseline, computed exactly.</li>
 * <li><b>Hysteresis.</b> Per project and endpoint: an armed state fires when drop_pct exceeds the endpoint's
 * {@code revenue_drop_pct}, and is then disarmed until a judged hour's drop_pct is below the threshold minus
 * {@link Settings#rearmMargin}: a run of bad hours raises one alert. The disarmed states and the hour each project
 * was last judged are in stores with changelogs, so a restart neither fires again nor judges an hour twice.</li>
 * <li><b>Alert.</b> Key: the project. Kind {@code revenue_drop}, addressed to the one endpoint (thresholds differ per
 * endpoint), id derived from endpoint, project and hour, triggered at the wall-clock time of the check, payload
 * {@code {"event":"revenue_drop","triggered_at","revenue","baseline","drop_pct","threshold"}} with revenue and
 * baseline rounded half-up to cents. Endpoints deleted (gone from the global store) get nothing.</li>
 * </ul>
 */
public final class RevenueDrops {

    /** Revenue by project and hour, as plain decimal strings. */
    static final String HOURS_STORE = "revenue-hours";
    /** The first hour (epoch millis) with a purchase of each project. */
    static final String FIRST_HOURS_STORE = "revenue-first-hours";
    /** The last hour judged of each project. */
    static final String JUDGED_STORE = "revenue-judged";
    /** Projects' endpoints that fired and wait to be re-armed, to the hour that fired. */
    static final String DISARMED_STORE = "revenue-disarmed";
    static final String REPARTITION = "revenue-purchases-by-project";
    /**
     * The longest grace: the judged hour's baseline days must still be among the hours kept, which go back
     * {@link RevenueDropProcessor#HISTORY} from the current hour.
     */
    static final Duration MAX_GRACE = Duration.ofHours(23);

    private RevenueDrops() {
    }

    /**
     * @param grace         how long after an hour ends it is judged, so that late purchases still count in it
     * @param rearmMargin   percentage points below the threshold a judged hour's drop must be to re-arm
     * @param checkInterval how often (wall clock) it is checked whether an hour closed
     */
    public record Settings(Duration grace, double rearmMargin, Duration checkInterval) {

        public Settings {
            Objects.requireNonNull(grace, "grace");
            Objects.requireNonNull(checkInterval, "checkInterval");
            if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
                throw new IllegalArgumentException("The revenue grace must be between 0 and " + MAX_GRACE + ": "
                        + grace);
            }
            if (checkInterval.isNegative() || checkInterval.isZero()) {
                throw new IllegalArgumentException("The check interval must be positive: " + checkInterval);
            }
            if (rearmMargin < 0) {
                throw new IllegalArgumentException("The re-arm margin must not be negative: " + rearmMargin);
            }
        }
    }

    /**
     * Adds the revenue-drop detection, from {@code purchases} to {@code alerts}.
     *
     * @param endpoints the endpoints' global store, as {@link GlobalStores#addEndpointsStore} added it
     */
    public static void addTo(StreamsBuilder builder, GlobalStore<WebhookEndpoint> endpoints, Settings settings) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(HOURS_STORE),
                Serdes.String(), Serdes.String()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FIRST_HOURS_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(JUDGED_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DISARMED_STORE),
                Serdes.String(), Serdes.Long()));

        RevenueDropProcessor.Stores stores = new RevenueDropProcessor.Stores(HOURS_STORE, FIRST_HOURS_STORE,
                JUDGED_STORE, DISARMED_STORE, endpoints);
        builder.stream(Topics.PURCHASES,
                        Consumed.with(Serdes.String(), EventlaneSerdes.purchase()).withName("revenue-purchases"))
                .filter((user, purchase) -> purchase != null, Named.as("revenue-present"))
                .selectKey((user, purchase) -> purchase.getProjectId(), Named.as("revenue-project-key"))
                .repartition(Repartitioned.with(Serdes.String(), EventlaneSerdes.purchase()).withName(REPARTITION))
                .process(() -> new RevenueDropProcessor(stores, settings), Named.as("revenue-drops"),
                        HOURS_STORE, FIRST_HOURS_STORE, JUDGED_STORE, DISARMED_STORE)
                .to(Topics.ALERTS, Produced.with(Serdes.String(), EventlaneSerdes.alert()).withName("revenue-alerts"));
    }
}
