package dev.eventlane.streams.alerts;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.streams.shared.Endpoints;
import dev.eventlane.streams.shared.GlobalStore;

/**
 * Passes on, deserialized, only the records of projects with an endpoint receiving one alert kind; the records of
 * every other project are dropped as they came, in bytes: the alerting reads topics the pipeline writes at full rate,
 * and decoding all of them for nobody costs the analytics stage, on the same cores, its freshness. The project is the
 * first part of the key (keys by project and user).
 */
final class WatchedProjects<V> implements FixedKeyProcessor<String, byte[], V> {

    private final GlobalStore<WebhookEndpoint> endpointsStore;
    private final String topic;
    private final Deserializer<V> values;
    private final String kind;
    private FixedKeyProcessorContext<String, V> context;
    private GlobalStore.ByProject<WebhookEndpoint> endpoints;

    WatchedProjects(GlobalStore<WebhookEndpoint> endpointsStore, String topic, Deserializer<V> values, String kind) {
        this.endpointsStore = endpointsStore;
        this.topic = topic;
        this.values = values;
        this.kind = kind;
    }

    /**
     * The records of a topic keyed by project first, only those of projects with an endpoint receiving
     * {@code kind}.
     */
    static <V> KStream<String, V> stream(StreamsBuilder builder, GlobalStore<WebhookEndpoint> endpoints,
            String topic, Serde<V> values, String name, String kind) {
        return builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name))
                .processValues(() -> new WatchedProjects<>(endpoints, topic, values.deserializer(), kind),
                        Named.as(name + "-watched"));
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
        this.endpoints = endpointsStore.byProject(context.getStateStore(endpointsStore.name()));
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        String projectId = RecordKeys.projectOf(record.key());
        if (!Endpoints.subscribers(endpoints.of(projectId), projectId, kind).isEmpty()) {
            context.forward(record.withValue(values.deserialize(topic, record.headers(), record.value())));
        }
    }
}
