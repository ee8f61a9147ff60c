package dev.eventlane.streams.shared;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import dev.eventlane.platform.analytics.StepOrder;
import dev.eventlane.schemas.FunnelStep;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * Fills a global copy of the step catalog (every instance has all funnels) from the {@code funnel-steps} topic: the
 * earliest time of each action of each funnel, by project, funnel and action. The analytics stage and the churn-spike
 * alerts each keep one.
 */
public class FunnelCatalogUpdater implements Processor<String, FunnelStep, Void, Void> {

    private final String storeName;
    private KeyValueStore<String, Long> catalog;

    public FunnelCatalogUpdater(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.catalog = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, FunnelStep> record) {
        FunnelStep step = record.value();
        if (step == null) {
            return;
        }
        String key = catalogKey(step.getProjectId(), step.getFunnel()) + step.getAction();
        Long known = catalog.get(key);
        long time = step.getFirstSeen().toEpochMilli();
        // The topic only ever moves an action earlier, but a replay from an older offset must not move it back.
        if (known == null || time < known) {
            catalog.put(key, time);
        }
    }

    /** The funnel's steps in order (step i is element i - 1); empty when the catalog does not know the funnel. */
    public static List<String> steps(ReadOnlyKeyValueStore<String, Long> catalog, String projectId, String funnel) {
        String prefix = catalogKey(projectId, funnel);
        Map<String, Long> earliest = new HashMap<>();
        try (KeyValueIterator<String, Long> it = catalog.prefixScan(prefix, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> earliest.put(kv.key.substring(prefix.length()), kv.value));
        }
        return StepOrder.of(earliest);
    }

    /** Keys of one funnel's actions share this prefix (ingest refuses U+0000 in funnel names). */
    public static String catalogKey(String projectId, String funnel) {
        return RecordKeys.funnel(projectId, funnel) + RecordKeys.SEPARATOR;
    }
}
