package dev.eventlane.streams.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.AlertRule;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.streams.shared.GlobalStores;

/**
 * Judges the alert rules of its partition ({@link RulePartitioner#partition}) every check interval, by the wall
 * clock: sums each rule's buckets in the window ending now (dropping the ones that slid out), fires when the rule
 * is breached and armed, and re-arms it when it is not breached. Bucket counts arrive from {@link LocalRuleCounts};
 * counts of a version the rule no longer has are dropped, and the state of deleted, disabled and changed rules is
 * forgotten. Output is keyed by project.
 *
 * <p>A distinct count arrives as each partition's count of users in the window, which replaces that partition's
 * previous one (0 removes it); the rule's count is their sum.
 */
final class RuleEvaluator implements Processor<String, Long, String, Alert> {

    /** The evaluator's stores: bucket counts; when each version was first seen; the condition each fired under. */
    record Stores(String buckets, String firstSeen, String fired) {
    }

    private final Stores storeNames;
    private final Duration checkInterval;
    private final int partitions;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, AlertRule> rules;
    private KeyValueStore<String, Long> buckets;
    private KeyValueStore<String, Long> firstSeen;
    private KeyValueStore<String, String> fired;

    RuleEvaluator(Stores storeNames, Duration checkInterval, int partitions) {
        this.storeNames = storeNames;
        this.checkInterval = checkInterval;
        this.partitions = partitions;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.rules = context.getStateStore(GlobalStores.RULES_STORE);
        this.buckets = context.getStateStore(storeNames.buckets());
        this.firstSeen = context.getStateStore(storeNames.firstSeen());
        this.fired = context.getStateStore(storeNames.fired());
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, Long> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        String version = CountedRule.versionOf(record.key());
        CountedRule rule = current(version);
        if (rule == null) {
            return;
        }
        firstSeen(version, context.currentSystemTimeMs());
        if (rule.distinct()) {
            if (record.value() == 0) {
                buckets.delete(record.key());
            } else {
                buckets.put(record.key(), record.value());
            }
            return;
        }
        Long known = buckets.get(record.key());
        buckets.put(record.key(), (known == null ? 0 : known) + record.value());
    }

    /**
     * The enabled rule whose version this is; null for counts of an old version, or of a deleted or disabled rule.
     */
    private CountedRule current(String version) {
        AlertRule rule = rules.get(CountedRule.ruleOf(version));
        if (rule == null || !rule.getEnabled()) {
            return null;
        }
        CountedRule counted = new CountedRule(rule);
        return counted.version().equals(version) ? counted : null;
    }

    private void check(long now) {
        Set<String> judged = new HashSet<>();
        for (CountedRule rule : ownRules()) {
            judge(rule, now);
            judged.add(rule.version());
        }
        forgetAllBut(judged);
    }

    /** The enabled rules this partition judges. */
    private List<CountedRule> ownRules() {
        List<CountedRule> own = new ArrayList<>();
        try (KeyValueIterator<String, AlertRule> all = rules.all()) {
            while (all.hasNext()) {
                KeyValue<String, AlertRule> rule = all.next();
                if (rule.value != null && rule.value.getEnabled() && isOwn(rule.key)) {
                    own.add(new CountedRule(rule.value));
                }
            }
        }
        return own;
    }

    private boolean isOwn(String ruleKey) {
        return RulePartitioner.partition(ruleKey, partitions) == context.taskId().partition();
    }

    private void judge(CountedRule rule, long now) {
        long since = firstSeen(rule.version(), now);
        long count = count(rule, now);
        Boolean breached = rule.breached(count, since, now);
        if (breached == null) {
            return;
        }
        String firedUnder = fired.get(rule.version());
        if (breached && !rule.condition().equals(firedUnder)) {
            context.forward(new Record<>(rule.projectId(), rule.alert(count, now), now));
            fired.put(rule.version(), rule.condition());
        } else if (!breached && firedUnder != null) {
            fired.delete(rule.version());
        }
    }

    /**
     * The count in the window ending {@code now}; buckets that slid out of it are dropped. A distinct count is the
     * sum of the partitions' latest counts, each already of the window ending at its check.
     */
    private long count(CountedRule rule, long now) {
        if (rule.distinct()) {
            return distinctCount(rule);
        }
        long count = 0;
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = buckets.prefixScan(rule.version() + RecordKeys.SEPARATOR,
                Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, Long> bucket = it.next();
                long start = CountedRule.startOf(bucket.key);
                if (rule.expired(start, now)) {
                    expired.add(bucket.key);
                } else if (bucket.value != null && rule.inWindow(start, now)) {
                    count += bucket.value;
                }
            }
        }
        expired.forEach(buckets::delete);
        return count;
    }

    private long distinctCount(CountedRule rule) {
        long count = 0;
        try (KeyValueIterator<String, Long> it = buckets.prefixScan(rule.version() + RecordKeys.SEPARATOR,
                Serdes.String().serializer())) {
            while (it.hasNext()) {
                Long partition = it.next().value;
                count += partition == null ? 0 : partition;
            }
        }
        return count;
    }

    /** When the evaluator first saw the version: now, if it had not. */
    private long firstSeen(String version, long now) {
        Long since = firstSeen.get(version);
        if (since == null) {
            firstSeen.put(version, now);
            return now;
        }
        return since;
    }

    /** Forgets the versions that were not judged: of deleted, disabled or changed rules. */
    private void forgetAllBut(Set<String> judged) {
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = firstSeen.all()) {
            all.forEachRemaining(version -> gone.add(version.key));
        }
        gone.removeAll(judged);
        for (String version : gone) {
            firstSeen.delete(version);
            fired.delete(version);
            List<String> counted = new ArrayList<>();
            try (KeyValueIterator<String, Long> it = buckets.prefixScan(version + RecordKeys.SEPARATOR,
                    Serdes.String().serializer())) {
                it.forEachRemaining(kv -> counted.add(kv.key));
            }
            counted.forEach(buckets::delete);
        }
    }
}
