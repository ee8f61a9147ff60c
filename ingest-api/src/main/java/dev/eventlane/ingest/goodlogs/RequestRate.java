package dev.eventlane.ingest.goodlogs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.ingest.service.RateLimiter;
import dev.eventlane.platform.auth.Plan;
import dev.eventlane.schemas.KeyGrant;

/**
 * GoodLogs' request rate by plan (10, 20, 50, 100 requests a second; {@link Plan#requestsPerSecond}) per project:
 * a Bucket4j bucket per project holding one second's requests, refilled in full every second. Per instance: a
 * second is shorter than the usage ledger's publish interval could share, so N instances allow N times the rate; the
 * plan's event allowance, shared across instances, still applies on top.
 */
@Singleton
public class RequestRate {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private final RateLimiter limits;
    private final Map<String, ProjectBucket> buckets = new ConcurrentHashMap<>();

    /** A project's bucket, made for the rate it had; replaced when the project's plan changes. */
    private record ProjectBucket(long perSecond, Bucket bucket) {
    }

    public RequestRate(RateLimiter limits) {
        this.limits = limits;
    }

    /** Takes one request of the project's second, or refuses it: 429 with {@code Retry-After}. */
    public void admit(KeyGrant grant) {
        long perSecond = limits.plan(grant).requestsPerSecond();
        if (perSecond <= 0) {
            return;
        }
        Bucket bucket = buckets.compute(grant.getProjectId(), (project, current) -> current != null
                && current.perSecond() == perSecond ? current : new ProjectBucket(perSecond, perSecond(perSecond)))
                .bucket();
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new IngestException(429, "rate_limited", "The plan allows " + perSecond
                    + " requests a second; retry in 1 s", 1);
        }
    }

    private static Bucket perSecond(long perSecond) {
        return Bucket.builder().addLimit(limit -> limit.capacity(perSecond).refillIntervally(perSecond, SECOND))
                .build();
    }
}
