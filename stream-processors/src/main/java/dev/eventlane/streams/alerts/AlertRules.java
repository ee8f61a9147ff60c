package dev.eventlane.streams.alerts;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import dev.eventlane.schemas.AlertRule;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.shared.GlobalStore;
import dev.eventlane.streams.shared.GlobalStores;

/**
 * GoodLogs alert rules, evaluated continuously: per rule, the count of the records it matches (events by name, or
 * log entries by severity, or either by a GQL rule's compiled filter, {@link RuleFilter}; of the rule's own project)
 * whose event time lies in the sliding window ending at wall-clock now (or, for a GQL rule with
 * {@code count_distinct(distinct_id)}, the count of the distinct users of those events), compared with the
 * threshold every check interval. Rules come from the global store {@link GlobalStores#RULES_STORE}, so a rule
 * created, changed or deleted takes effect without a restart.
 *
 * <ul>
 * <li>Counting: each partition of {@code events-unique} and {@code logs-unique} counts locally, per rule and time
 * bucket (a sixtieth of the window, at least a second), and forwards its counts every check interval, routed by rule
 * ({@value #COUNTS_REPARTITION}) to the one task that holds the rule's buckets and judges it. A record counts for
 * as long as its bucket lies in the window: from its arrival until between window minus a bucket and window after
 * its event time. Records of a disabled rule do not count; records that arrive already out of the window neither.
 * <li>Distinct users: each partition of {@code events-unique} keeps, per rule, the threshold + 1 users it saw last
 * (with the time it last saw each) and forwards every check interval how many are in the window, on the same
 * repartition; the judging task sums the partitions' latest counts ({@link CountedRule}). A user counts until a
 * window after the last event of theirs that matched; events without a user count as one user, the empty one, as
 * in {@code from:events}.
 * <li>Judging: {@code above} is breached when the count is greater than the threshold; {@code below} when it is
 * less, but only once a whole window has passed since the evaluator first saw the rule (a new rule has counted
 * nothing yet). Judged even when nothing arrives, so counts fall as the window slides and quiet "below" rules fire.
 * <li>Firing: once when a rule becomes breached (armed, then disarmed); re-armed when it no longer is (above: count
 * at or under the threshold; below: count at or over it). The armed state is kept in a store with a changelog, per
 * rule version and condition: a changed condition re-arms the rule, a changed threshold or name does not.
 * <li>Changes: a rule changed to count something else (source, match, filter or window) starts its count and its state
 * afresh; a deleted or disabled rule stops and its state is forgotten (enabled again, it starts afresh).
 * <li>Alerts: on {@code alerts}, keyed by project, kind {@code alert}, to every endpoint of the project receiving
 * that kind; the payload is {@code event} ("alert"), {@code triggered_at}, {@code rule_id}, {@code name},
 * {@code source}, {@code match} (the event name or the severity; a GQL rule has {@code query} instead),
 * {@code condition}, {@code threshold}, {@code count} (of a distinct count: the users, exact up to the threshold
 * and at least threshold + 1 above it) and {@code window}: the window in its largest whole unit, as
 * query-api shows it ({@code "90s"}, {@code "5m"}, {@code "1h"}). The alert id is derived from the rule id and the
 * firing time in milliseconds.
 * </ul>
 */
public final class AlertRules {

    /** Local pre-aggregation: bucket counts since the last forward, per partition of events and logs. */
    static final String LOCAL_STORE = "rules-local-counts";
    /** Distinct counts: the users of each partition of events (up to threshold + 1 per rule), with their last time. */
    static final String LOCAL_USERS_STORE = "rules-local-users";
    /** A rule's bucket counts in its window (or each partition's distinct count), in the task that judges the rule. */
    static final String BUCKETS_STORE = "rules-buckets";
    /** When the evaluator first saw each rule version (a "below" rule is judged a window later). */
    static final String FIRST_SEEN_STORE = "rules-first-seen";
    /** The rules that fired and are not re-armed yet: the condition they fired under. */
    static final String FIRED_STORE = "rules-fired";
    /** The repartition of bucket counts by rule: topic {@code <application id>-rules-counts-repartition}. */
    static final String COUNTS_REPARTITION = "rules-counts";

    private AlertRules() {
    }

    /**
     * How rules are evaluated.
     *
     * @param checkInterval how often local counts are forwarded and rules judged, by the wall clock
     * @param partitions partitions of the repartition by rule; the evaluator judges the rules routed to its own
     */
    public record Settings(Duration checkInterval, int partitions) {

        public Settings {
            if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) {
                throw new IllegalArgumentException("checkInterval must be positive, not " + checkInterval);
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
            }
        }
    }

    /**
     * Adds the evaluation of alert rules: reads {@code events-unique} and {@code logs-unique}, writes {@code alerts}.
     *
     * @param rules the rules' global store, as {@link GlobalStores#addRulesStore} added it
     * @param uniqueEvents the unique events, as the analytics stage reads them (after erasures)
     */
    public static void addTo(StreamsBuilder builder, GlobalStore<AlertRule> rules, KStream<String, Event> uniqueEvents,
            Settings settings) {
        addTo(builder, rules, uniqueEvents, builder.stream(Topics.LOGS_UNIQUE,
                Consumed.with(Serdes.String(), EventlaneSerdes.logEntry()).withName("rules-logs")), settings);
    }

    /** As above, reading the log entries from {@code logEntries}, a stream of the topic the application shares. */
    public static void addTo(StreamsBuilder builder, GlobalStore<AlertRule> rules, KStream<String, Event> uniqueEvents,
            KStream<String, LogEntry> logEntries, Settings settings) {
        addChangingStore(builder, LOCAL_STORE);
        addChangingStore(builder, LOCAL_USERS_STORE);
        addChangingStore(builder, BUCKETS_STORE);
        addStore(builder, FIRST_SEEN_STORE, Serdes.Long());
        addStore(builder, FIRED_STORE, Serdes.String());

        KStream<String, Occurrence> events = uniqueEvents
                .filter((key, event) -> event != null, Named.as("rules-events-not-erasures"))
                .mapValues(Occurrence::of, Named.as("rules-event-occurrences"));
        KStream<String, Occurrence> logs = logEntries
                .filter((key, entry) -> entry != null, Named.as("rules-logs-present"))
                .mapValues(Occurrence::of, Named.as("rules-log-occurrences"));

        RuleEvaluator.Stores stores = new RuleEvaluator.Stores(BUCKETS_STORE, FIRST_SEEN_STORE, FIRED_STORE);
        LocalRuleCounts.Stores local = new LocalRuleCounts.Stores(LOCAL_STORE, LOCAL_USERS_STORE);
        events.merge(logs, Named.as("rules-occurrences"))
                .process(() -> new LocalRuleCounts(rules, local, settings.checkInterval()),
                        Named.as("rules-count-locally"), LOCAL_STORE, LOCAL_USERS_STORE)
                .repartition(Repartitioned.with(Serdes.String(), Serdes.Long()).withName(COUNTS_REPARTITION)
                        .withNumberOfPartitions(settings.partitions()).withStreamPartitioner(new RulePartitioner()))
                .process(() -> new RuleEvaluator(stores, settings.checkInterval(), settings.partitions()),
                        Named.as("rules-evaluate"), BUCKETS_STORE, FIRST_SEEN_STORE, FIRED_STORE)
                .to(Topics.ALERTS, Produced.with(Serdes.String(), EventlaneSerdes.alert()).withName("rules-alerts"));
    }

    /**
     * In memory with a changelog, cached: counts written, scanned and deleted every check interval; in RocksDB
     * each scan would step over the tombstones of the deleted ones.
     */
    private static void addChangingStore(StreamsBuilder builder, String name) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                Serdes.Long()).withCachingEnabled());
    }

    /** In memory with a changelog, cached: a few keys per rule, kept across restarts (see GlobalStores on memory). */
    private static <V> void addStore(StreamsBuilder builder, String name, Serde<V> values) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                values).withCachingEnabled());
    }
}
