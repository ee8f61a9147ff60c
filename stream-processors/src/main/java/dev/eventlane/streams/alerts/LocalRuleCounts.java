package dev.eventlane.streams.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.eventlane.schemas.AlertRule;
import dev.eventlane.streams.shared.GlobalStore;

/**
 * The local pre-aggregation of alert rules, in each partition of events and logs: counts the records each rule of
 * their project counts, per rule version and time bucket, and every check interval forwards the counts (keyed by
 * bucket) and forgets them. Only news cross the network: a record per rule and bucket that counted something.
 * Records already out of the window ending now are not counted.
 */
final class LocalRuleCounts implements Processor<String, Occurrence, String, Long> {

    private final GlobalStore<AlertRule> rulesStore;
    private final String storeName;
    private final Duration interval;
    private ProcessorContext<String, Long> context;
    private KeyValueStore<String, Long> counts;
    private GlobalStore.ByProject<AlertRule> rules;

    LocalRuleCounts(GlobalStore<AlertRule> rulesStore, String storeName, Duration interval) {
        this.rulesStore = rulesStore;
        this.storeName = storeName;
        this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, Long> context) {
        this.context = context;
        this.counts = context.getStateStore(storeName);
        this.rules = rulesStore.byProject(context.getStateStore(rulesStore.name()));
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::forwardAll);
    }

    @Override
    public void process(Record<String, Occurrence> record) {
        Occurrence occurrence = record.value();
        if (occurrence == null) {
            return;
        }
        List<AlertRule> projectRules = rules.of(occurrence.projectId());
        if (projectRules.isEmpty()) {
            return;
        }
        long now = context.currentSystemTimeMs();
        for (AlertRule rule : projectRules) {
            count(rule, occurrence, now);
        }
    }

    private void count(AlertRule rule, Occurrence occurrence, long now) {
        if (!CountedRule.counts(rule, occurrence)) {
            return;
        }
        CountedRule counted = new CountedRule(rule);
        long bucket = counted.bucketOf(occurrence.time());
        if (counted.expired(bucket, now)) {
            return;
        }
        String key = counted.bucketKey(bucket);
        Long known = counts.get(key);
        counts.put(key, known == null ? 1 : known + 1);
    }

    private void forwardAll(long now) {
        List<KeyValue<String, Long>> all = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = counts.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, Long> bucket : all) {
            if (bucket.value != null) {
                context.forward(new Record<>(bucket.key, bucket.value, now));
            }
            counts.delete(bucket.key);
        }
    }
}
