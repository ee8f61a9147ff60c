package dev.eventlane.streams.alerts;

import java.util.Set;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.eventlane.schemas.AlertRule;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * Passes on, deserialized, only the records of projects that something watches: an endpoint receiving one of the
 * kinds, or (when asked) an alert rule. The records of every other project are dropped as they came, in bytes: the
 * alerting reads whole topics that the pipeline writes at full rate, and decoding every event for nobody cost the
 * analytics stage, on the same cores, seconds of freshness in the benchmark. The project is the first part of the
 * key (keys by project and user, or by project and node).
 */
final class WatchedProjects<V> implements FixedKeyProcessor<String, byte[], V> {

    private final String topic;
    private final Deserializer<V> values;
    private final Set<String> kinds;
    private final boolean rules;
    private FixedKeyProcessorContext<String, V> context;
    private KeyValueStore<String, WebhookEndpoint> endpoints;
    private KeyValueStore<String, AlertRule> ruleStore;

    /**
     * @param kinds alert kinds whose endpoints make a project watched
     * @param rules whether a project's alert rules make it watched too
     */
    WatchedProjects(String topic, Deserializer<V> values, Set<String> kinds, boolean rules) {
        this.topic = topic;
        this.values = values;
        this.kinds = Set.copyOf(kinds);
        this.rules = rules;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
        this.endpoints = context.getStateStore(AlertsTopology.ENDPOINTS_STORE);
        this.ruleStore = rules ? context.getStateStore(AlertsTopology.RULES_STORE) : null;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        int end = record.key().indexOf(RecordKeys.SEPARATOR);
        String projectId = end < 0 ? record.key() : record.key().substring(0, end);
        if (watched(projectId)) {
            context.forward(record.withValue(values.deserialize(topic, record.headers(), record.value())));
        }
    }

    private boolean watched(String projectId) {
        if (rules && any(ruleStore, projectId)) {
            return true;
        }
        for (String kind : kinds) {
            if (!Endpoints.subscribers(endpoints, projectId, kind).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static boolean any(KeyValueStore<String, ?> store, String projectId) {
        try (KeyValueIterator<String, ?> it = store.prefixScan(RecordKeys.projectPrefix(projectId),
                Serdes.String().serializer())) {
            return it.hasNext();
        }
    }
}
