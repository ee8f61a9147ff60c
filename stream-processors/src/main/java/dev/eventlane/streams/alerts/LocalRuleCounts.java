package dev.eventlane.streams.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

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
 *
 * <p>A rule counting distinct users keeps its users of this partition instead ({@link DistinctUsers}), and every
 * check interval forwards how many are in the window, keyed by partition: the evaluator keeps the latest, so a
 * count is sent again each interval rather than only when it changes (the evaluator may have forgotten a rule
 * disabled and enabled again meanwhile). An event time later than now counts as now. The users of a version that
 * is no longer an enabled rule's are forgotten at the next check.
 */
final class LocalRuleCounts implements Processor<String, Occurrence, String, Long> {

    /** The processor's stores: bucket counts since the last forward; the users of distinct counts. */
    record Stores(String counts, String users) {
    }

    private final GlobalStore<AlertRule> rulesStore;
    private final Stores storeNames;
    private final Duration interval;
    private ProcessorContext<String, Long> context;
    private KeyValueStore<String, Long> counts;
    private KeyValueStore<String, Long> userStore;
    private KeyValueStore<String, AlertRule> rulesByKey;
    private GlobalStore.ByProject<AlertRule> rules;
    /** Per distinct-count version, its users here; in memory beside the store, rebuilt from it at start-up. */
    private Map<String, DistinctUsers> users;

    LocalRuleCounts(GlobalStore<AlertRule> rulesStore, Stores storeNames, Duration interval) {
        this.rulesStore = rulesStore;
        this.storeNames = storeNames;
        this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, Long> context) {
        this.context = context;
        this.counts = context.getStateStore(storeNames.counts());
        this.userStore = context.getStateStore(storeNames.users());
        this.rulesByKey = context.getStateStore(rulesStore.name());
        this.rules = rulesStore.byProject(rulesByKey);
        this.users = DistinctUsers.load(userStore);
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
        if (counted.distinct()) {
            see(counted, occurrence, now);
            return;
        }
        long bucket = counted.bucketOf(occurrence.time());
        if (counted.expired(bucket, now)) {
            return;
        }
        String key = counted.bucketKey(bucket);
        Long known = counts.get(key);
        counts.put(key, known == null ? 1 : known + 1);
    }

    private void see(CountedRule rule, Occurrence occurrence, long now) {
        long time = Math.min(occurrence.time().toEpochMilli(), now);
        if (occurrence.user() == null || time <= rule.windowStart(now)) {
            return;
        }
        users.computeIfAbsent(rule.version(), version -> new DistinctUsers(userStore, version))
                .see(occurrence.user(), time, rule.capacity());
    }

    private void forwardAll(long now) {
        forwardBuckets(now);
        forwardDistinctCounts(now);
    }

    /**
     * Each distinct-count version's users in the window ending now; a version whose users all slid out is forwarded
     * once as 0 and dropped; the users of a version no rule has any more are forgotten, without a word (the
     * evaluator forgets its counts itself).
     */
    private void forwardDistinctCounts(long now) {
        Iterator<Map.Entry<String, DistinctUsers>> it = users.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, DistinctUsers> version = it.next();
            CountedRule rule = current(version.getKey());
            if (rule == null) {
                version.getValue().clear();
                it.remove();
                continue;
            }
            long count = version.getValue().expire(rule.windowStart(now));
            context.forward(new Record<>(rule.partitionKey(context.taskId().partition()), count, now));
            if (count == 0) {
                it.remove();
            }
        }
    }

    /** The enabled distinct-count rule whose version this is; null when there is none. */
    private CountedRule current(String version) {
        AlertRule rule = rulesByKey.get(CountedRule.ruleOf(version));
        if (rule == null || !rule.getEnabled() || !CountedRule.isDistinct(rule)) {
            return null;
        }
        CountedRule counted = new CountedRule(rule);
        return counted.version().equals(version) ? counted : null;
    }

    private void forwardBuckets(long now) {
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
