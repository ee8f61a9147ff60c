package dev.eventlane.streams.alerts;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

import dev.eventlane.schemas.AlertRule;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Alerting: detectors raise alerts on {@code alerts} (churn spikes from funnel progress, revenue drops from
 * purchases, alert rules over events and logs, Logsh notifications), and the dispatcher delivers each alert to the
 * project's webhook endpoints that receive its kind. Every instance holds all endpoints and all rules in global
 * stores, read from the control plane's compacted topics, so changes reach the running topology without a restart.
 *
 * <p>Every alerting store is in memory, with a changelog (so restarts and moves lose nothing): its state is small
 * (recent users of watched funnels, eight days of hours, pending deliveries, a few keys per rule), and as RocksDB
 * it added some sixty store instances under the one memtable budget the analytics stage's stores live on
 * ({@code BoundedRocksDb}).
 */
public final class AlertsTopology {

    /** Webhook endpoints by {@code RecordKeys.owned(project, endpoint id)}. */
    public static final String ENDPOINTS_STORE = "webhook-endpoints-global";
    /** Alert rules by {@code RecordKeys.owned(project, rule id)}. */
    public static final String RULES_STORE = "alert-rules-global";

    private AlertsTopology() {
    }

    /**
     * The records of a topic keyed by project first, only those of projects with an endpoint receiving {@code kind};
     * see {@link WatchedProjects}.
     */
    public static <V> KStream<String, V> watched(StreamsBuilder builder, GlobalStore<WebhookEndpoint> endpoints,
            String topic, Serde<V> values, String name, String kind) {
        return builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name))
                .processValues(() -> new WatchedProjects<>(endpoints, topic, values.deserializer(), kind),
                        Named.as(name + "-watched"));
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
