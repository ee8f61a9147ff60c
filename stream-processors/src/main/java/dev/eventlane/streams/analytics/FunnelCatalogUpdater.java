package dev.eventlane.streams.analytics;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.eventlane.schemas.FunnelStep;
import dev.eventlane.schemas.kafka.RecordKeys;

/** Fills the global copy of the step catalog (every instance has all funnels) from the {@code funnel-steps} topic. */
class FunnelCatalogUpdater implements Processor<String, FunnelStep, Void, Void> {

    private final String storeName;
    private KeyValueStore<String, Long> catalog;

    FunnelCatalogUpdater(String storeName) {
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
        if (known == null || time < known) {
            catalog.put(key, time);
        }
    }

    /** Keys of one funnel's actions share this prefix. */
    static String catalogKey(String projectId, String funnel) {
        return RecordKeys.funnel(projectId, funnel) + RecordKeys.SEPARATOR;
    }
}
