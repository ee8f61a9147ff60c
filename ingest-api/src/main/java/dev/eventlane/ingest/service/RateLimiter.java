package dev.eventlane.ingest.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import dev.eventlane.platform.auth.Plan;
import dev.eventlane.platform.usage.UsageLedger;
import dev.eventlane.schemas.KeyGrant;

/**
 * The plan's limits on accepted events: per minute 1/1440 of the daily allowance (a Bucket4j token bucket per
 * project, refilled greedily over the minute), and per UTC day the allowance itself.
 *
 * <p>Across instances: each instance's bucket holds the whole per-minute allowance, and the events other instances
 * accept (read from the {@link UsageLedger}) are taken out of it too, so the instances share one allowance, give or
 * take what they accept within one ledger publish (0.5 s). The daily quota is checked against the ledger's total.
 */
public final class RateLimiter implements UsageLedger.PeerListener {

    private final Map<String, Plan> plans;
    private final Map<String, ProjectBucket> buckets = new ConcurrentHashMap<>();
    private volatile UsageLedger ledger;

    /** A project's bucket, made for the plan it had; replaced when the project moves to another plan. */
    private record ProjectBucket(Plan plan, Bucket bucket) {
    }

    /** The limit headers of an answer: per-minute limit, what is left, and when the bucket is full again. */
    public record Limits(long limit, long remaining, long resetEpochSeconds) {
        public Map<String, String> headers() {
            return Map.of("X-RateLimit-Limit", Long.toString(limit), "X-RateLimit-Remaining",
                    Long.toString(Math.max(0, remaining)), "X-RateLimit-Reset", Long.toString(resetEpochSeconds));
        }
    }

    public RateLimiter(Map<String, Plan> plans) {
        this.plans = plans;
    }

    public void attach(UsageLedger usage) {
        this.ledger = usage;
    }

    /**
     * Takes {@code events} from the project's allowance, or refuses them: 429 (with {@code Retry-After}) when the
     * minute's allowance is spent, 402 when the day's is. A project without limits gets null.
     */
    public Limits admit(KeyGrant grant, int events) {
        Plan plan = plan(grant);
        if (!plan.limited()) {
            return null;
        }
        long usedToday = ledger == null ? 0 : ledger.today(grant.getProjectId());
        if (usedToday + events > plan.dailyEvents()) {
            throw new IngestException(402, "quota_exceeded", "The plan's " + plan.dailyEvents()
                    + " events a day are spent; more are accepted from 00:00 UTC", null,
                    peek(grant).headers());
        }
        Bucket bucket = bucket(grant.getProjectId(), plan);
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(events);
        if (!probe.isConsumed()) {
            long waitNanos = events > plan.perMinute() ? Duration.ofMinutes(1).toNanos()
                    : probe.getNanosToWaitForRefill();
            int retryAfter = (int) Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            String message = events > plan.perMinute()
                    ? "A request of " + events + " events exceeds the plan's " + plan.perMinute() + " a minute"
                    : "Rate limit of " + plan.perMinute() + " events a minute reached; retry in " + retryAfter + " s";
            throw new IngestException(429, "rate_limited", message, retryAfter,
                    limits(plan, probe.getRemainingTokens(), probe.getNanosToWaitForReset()).headers());
        }
        return limits(plan, probe.getRemainingTokens(), probe.getNanosToWaitForReset());
    }

    /** Events admitted but not stored (Kafka refused them) go back into the allowance. */
    public void refund(KeyGrant grant, int events) {
        Plan plan = plan(grant);
        if (plan.limited()) {
            bucket(grant.getProjectId(), plan).addTokens(events);
        }
    }

    /** Events stored: they count towards the day, here and (through the ledger) on every instance. */
    public void accepted(KeyGrant grant, int events) {
        if (ledger != null) {
            ledger.add(grant.getProjectId(), events);
        }
    }

    /** The current limits of the project, for answers that took nothing (a refused body); null without limits. */
    public Limits peek(KeyGrant grant) {
        Plan plan = plan(grant);
        if (!plan.limited()) {
            return null;
        }
        Bucket bucket = bucket(grant.getProjectId(), plan);
        long available = bucket.getAvailableTokens();
        long missing = Math.max(0, plan.perMinute() - available);
        return new Limits(plan.perMinute(), available, resetAt(missing * Duration.ofMinutes(1).toNanos()
                / plan.perMinute()));
    }

    /** Another instance accepted events for the project: they come out of this instance's bucket too. */
    @Override
    public void accepted(String projectId, long events) {
        ProjectBucket current = buckets.get(projectId);
        if (current != null) {
            current.bucket().consumeIgnoringRateLimits(events);
        }
    }

    /** The plan of the key's project (free when the grant names none that exists). */
    public Plan plan(KeyGrant grant) {
        Plan plan = plans.get(grant.getPlan());
        return plan != null ? plan : plans.get(Plan.FREE);
    }

    private Bucket bucket(String projectId, Plan plan) {
        ProjectBucket current = buckets.compute(projectId, (id, existing) -> existing != null
                && existing.plan().equals(plan) ? existing : new ProjectBucket(plan, newBucket(plan)));
        return current.bucket();
    }

    private static Bucket newBucket(Plan plan) {
        return perMinute(plan.perMinute());
    }

    /** A bucket of {@code perMinute} tokens, refilled evenly over each minute (Bucket4j's greedy refill). */
    public static Bucket perMinute(long perMinute) {
        return Bucket.builder().addLimit(limit -> limit.capacity(perMinute)
                .refillGreedy(perMinute, Duration.ofMinutes(1))).build();
    }

    private static Limits limits(Plan plan, long remaining, long nanosToFull) {
        return new Limits(plan.perMinute(), remaining, resetAt(nanosToFull));
    }

    private static long resetAt(long nanosFromNow) {
        return Instant.now().plusNanos(nanosFromNow).getEpochSecond() + (nanosFromNow > 0 ? 1 : 0);
    }
}
