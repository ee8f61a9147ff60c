package dev.eventlane.streams.shared;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.Stores;

import dev.eventlane.schemas.AlertRule;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * The global stores that more than one stage reads, filled from the control plane's compacted topics: webhook
 * endpoints (the detectors and the dispatcher) and alert rules. Every instance holds all of them, so changes reach
 * the running topologies without a restart.
 *
 * <p>They are in memory, without a changelog (the compacted topic is their source): their state is small, and as
 * RocksDB they added store instances under the one memtable budget the analytics stage's stores live on
 * ({@code BoundedRocksDb}).
 */
public final class GlobalStores {

    /** Webhook endpoints by {@code RecordKeys.owned(project, endpoint id)}. */
    public static final String ENDPOINTS_STORE = "webhook-endpoints-global";
    /** Alert rules by {@code RecordKeys.owned(project, rule id)}. */
    public static final String RULES_STORE = "alert-rules-global";

    private GlobalStores() {
    }

    /** Adds the global store of webhook endpoints ({@link #ENDPOINTS_STORE}). */
    public static GlobalStore<WebhookEndpoint> addEndpointsStore(StreamsBuilder builder) {
        return addEndpointsStore(builder, Topics.WEBHOOK_ENDPOINTS);
    }

    /** Adds the global store of webhook endpoints read from {@code topic} (tests use their own). */
    public static GlobalStore<WebhookEndpoint> addEndpointsStore(StreamsBuilder builder, String topic) {
        return addGlobal(builder, ENDPOINTS_STORE, topic, EventlaneSerdes.webhookEndpoint(), "webhook-endpoints");
    }

    /** Adds the global store of alert rules ({@link #RULES_STORE}). */
    public static GlobalStore<AlertRule> addRulesStore(StreamsBuilder builder) {
        return addGlobal(builder, RULES_STORE, Topics.ALERT_RULES, EventlaneSerdes.alertRule(), "alert-rules");
    }

    private static <V> GlobalStore<V> addGlobal(StreamsBuilder builder, String store, String topic, Serde<V> values,
            String name) {
        GlobalStore<V> global = new GlobalStore<>(store);
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), Serdes.String(),
                        values).withLoggingDisabled(),
                topic, Consumed.with(Serdes.String(), values).withName(name), () -> new LatestByKey<>(global));
        return global;
    }
}
