package dev.eventlane.streams.analytics;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.eventlane.schemas.FunnelStep;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.streams.shared.FunnelCatalogUpdater;

/**
 * Keeps the earliest time of each funnel action and forwards a step only when it moves that time earlier, keyed by
 * project and funnel. Runs twice: before the repartition by funnel, in each user partition, so that only news
 * crosses the network; and after it, where each funnel's catalog lives in one task.
 */
class EarliestStepProcessor implements Processor<String, FunnelStep, String, FunnelStep> {

    private final String storeName;
    private ProcessorContext<String, FunnelStep> context;
    private KeyValueStore<String, Long> earliest;

    EarliestStepProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, FunnelStep> context) {
        this.context = context;
        this.earliest = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, FunnelStep> record) {
        FunnelStep step = record.value();
        if (step == null) {
            return;
        }
        String key = FunnelCatalogUpdater.catalogKey(step.getProjectId(), step.getFunnel()) + step.getAction();
        long time = step.getFirstSeen().toEpochMilli();
        Long known = earliest.get(key);
        if (known != null && known <= time) {
            return;
        }
        earliest.put(key, time);
        context.forward(record.withKey(RecordKeys.funnel(step.getProjectId(), step.getFunnel())));
    }
}
