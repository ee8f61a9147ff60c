package dev.eventlane.streams.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.AlertRule;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * An alert rule as the evaluation sees it. Its counts are kept per <em>version</em>: the rule's key and a
 * fingerprint of what it counts (source, match or GQL filter, window; and for a distinct count, its threshold), so
 * that a rule changed to count something else starts from nothing, while a new name, threshold or condition keeps
 * the count. Counts are kept in time buckets of a sixtieth of the window (at least a second), keyed
 * {@code version \0 bucket start}.
 *
 * <p>A rule counting distinct users (aggregation {@value #COUNT_DISTINCT}) has no buckets: each partition of the
 * events keeps up to threshold + 1 of its users ({@link DistinctUsers}), and forwards how many are in the window,
 * keyed {@code version \0 p<partition>}; the evaluator keeps each partition's latest count and sums them. Users are
 * partitioned by project and user, so no user is counted by two partitions, and the sum is exact up to the
 * threshold: if a partition holds threshold + 1 users, the sum is above the threshold whatever the others hold.
 * A new threshold starts the count afresh, since the users kept depend on it.
 */
final class CountedRule {

    static final String BELOW = "below";
    /** The aggregation of a rule counting the distinct users of the events it matches. */
    static final String COUNT_DISTINCT = "count_distinct";
    /**
     * The most users a distinct count keeps per partition, less one: query-api refuses higher thresholds, and the
     * evaluator bounds its memory whatever a rule's record says.
     */
    static final long MAX_DISTINCT_THRESHOLD = 100_000;
    /** Before the partition in the key of a partition's distinct count (bucket keys end with a number). */
    private static final String PARTITION = "p";
    /** Buckets per window: a record leaves the count at most a sixtieth of the window early. */
    static final int BUCKETS_PER_WINDOW = 60;
    /** Event times are in milliseconds; finer buckets than a second would only multiply keys. */
    static final Duration MIN_BUCKET = Duration.ofSeconds(1);

    private final AlertRule rule;
    private final String version;
    private final long bucketMs;

    CountedRule(AlertRule rule) {
        this.rule = rule;
        this.version = RecordKeys.owned(rule.getProjectId(), rule.getRuleId()) + RecordKeys.SEPARATOR
                + fingerprint(rule);
        this.bucketMs = Math.max(MIN_BUCKET.toMillis(), rule.getWindowMs() / BUCKETS_PER_WINDOW);
    }

    /** The rule's key on the rules topic (project and rule id) and a fingerprint of what it counts. */
    String version() {
        return version;
    }

    String projectId() {
        return rule.getProjectId();
    }

    String condition() {
        return rule.getCondition();
    }

    /** Whether the rule counts distinct users rather than records. */
    boolean distinct() {
        return isDistinct(rule);
    }

    static boolean isDistinct(AlertRule rule) {
        return COUNT_DISTINCT.equals(rule.getAggregation());
    }

    /** How many users a partition keeps for the rule: threshold + 1, within the bound. */
    long capacity() {
        return Math.min(rule.getThreshold(), MAX_DISTINCT_THRESHOLD) + 1;
    }

    /** The start of the window ending at {@code now}: a user last seen then or before is out of it. */
    long windowStart(long now) {
        return now - rule.getWindowMs();
    }

    /** The key of a partition's distinct count for this version. */
    String partitionKey(int partition) {
        return version + RecordKeys.SEPARATOR + PARTITION + partition;
    }

    /**
     * Whether the rule counts the occurrence: enabled, of its project, its source, and its match (or, for a GQL rule,
     * its filter).
     */
    static boolean counts(AlertRule rule, Occurrence occurrence) {
        if (!rule.getEnabled() || !rule.getProjectId().equals(occurrence.projectId())
                || !rule.getSource().equals(occurrence.source())) {
            return false;
        }
        return isGql(rule) ? RuleFilter.matches(rule.getFilter(), occurrence.row())
                : rule.getMatch().equals(occurrence.match());
    }

    /** A rule whose condition is a GQL query: it counts the records its filter matches. */
    static boolean isGql(AlertRule rule) {
        return rule.getQuery() != null;
    }

    /** The start of the bucket holding {@code time}. */
    long bucketOf(Instant time) {
        return Math.floorDiv(time.toEpochMilli(), bucketMs) * bucketMs;
    }

    /** The key of a bucket of this version. */
    String bucketKey(long bucketStart) {
        return version + RecordKeys.SEPARATOR + bucketStart;
    }

    /** Whether a bucket has slid out of the window ending at {@code now}. */
    boolean expired(long bucketStart, long now) {
        return bucketStart <= now - rule.getWindowMs();
    }

    /** Whether a bucket lies in the window ending at {@code now}: not expired, and not in the future. */
    boolean inWindow(long bucketStart, long now) {
        return !expired(bucketStart, now) && bucketStart <= now;
    }

    /**
     * Whether {@code count} breaches the rule: above a threshold, or below it; a rule counting for less than a whole
     * window ({@code since}, when it was first seen) is not judged "below", since a new rule has counted nothing yet.
     *
     * @return null while the rule is not judged
     */
    Boolean breached(long count, long since, long now) {
        if (BELOW.equals(rule.getCondition())) {
            return now - since < rule.getWindowMs() ? null : count < rule.getThreshold();
        }
        return count > rule.getThreshold();
    }

    /**
     * The alert of a firing, to every endpoint of the project that receives kind {@code alert}. Its id depends on
     * the rule and the time only, so a re-run that fires at the same time raises the same id.
     */
    Alert alert(long count, long now) {
        Instant at = Instant.ofEpochMilli(now);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", Alerts.RULE);
        payload.put("triggered_at", Alerts.time(at));
        payload.put("rule_id", rule.getRuleId());
        payload.put("name", rule.getName());
        payload.put("source", rule.getSource());
        if (isGql(rule)) {
            payload.put("query", rule.getQuery());
        } else {
            payload.put("match", rule.getMatch());
        }
        payload.put("condition", rule.getCondition());
        payload.put("threshold", rule.getThreshold());
        payload.put("count", count);
        payload.put("window", window(rule.getWindowMs()));
        String id = UUID.nameUUIDFromBytes((rule.getRuleId() + RecordKeys.SEPARATOR + now)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return Alerts.of(id, rule.getProjectId(), Alerts.RULE, null, at, payload);
    }

    /** A window as query-api shows it: in its largest whole unit ({@code 90s}, {@code 5m}, {@code 2h}). */
    static String window(long windowMs) {
        if (windowMs % 1000 != 0) {
            return windowMs + "ms";
        }
        long seconds = windowMs / 1000;
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** The version a bucket key belongs to. */
    static String versionOf(String bucketKey) {
        return bucketKey.substring(0, bucketKey.lastIndexOf(RecordKeys.SEPARATOR));
    }

    /** The start of a bucket, from its key. */
    static long startOf(String bucketKey) {
        return Long.parseLong(bucketKey.substring(bucketKey.lastIndexOf(RecordKeys.SEPARATOR) + 1));
    }

    /** The rule key of a version (or the version of a bucket key: {@code ruleOf(versionOf(bucket))}). */
    static String ruleOf(String version) {
        return version.substring(0, version.lastIndexOf(RecordKeys.SEPARATOR));
    }

    /** 64 bits of SHA-256 over what the rule counts. */
    private static String fingerprint(AlertRule rule) {
        String counted = rule.getSource() + RecordKeys.SEPARATOR + rule.getMatch() + RecordKeys.SEPARATOR
                + rule.getWindowMs();
        if (isGql(rule)) {
            counted += RecordKeys.SEPARATOR + String.valueOf(rule.getFilter());
        }
        if (isDistinct(rule)) {
            counted += RecordKeys.SEPARATOR + COUNT_DISTINCT + RecordKeys.SEPARATOR + rule.getThreshold();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(counted.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
