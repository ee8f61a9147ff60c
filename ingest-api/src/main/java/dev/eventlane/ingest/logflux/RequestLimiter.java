package dev.eventlane.ingest.logflux;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.ingest.service.RateLimiter;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * LogFlux's own limit: requests per minute per API key (600 by default, as LogFlux documents), with its
 * {@code X-RateLimit-*} headers on every answer. A Bucket4j bucket per key, refilled evenly over the minute. Per
 * instance: N ingest instances allow N times the rate (the plan's event allowance, shared across instances through
 * the usage ledger, still applies on top).
 */
@Singleton
public class RequestLimiter {

    private final long perMinute;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RequestLimiter(@ConfigProperty(name = "eventlane.logflux.requests-per-minute", defaultValue = "600")
            long perMinute) {
        this.perMinute = perMinute;
    }

    /** Takes one request of the key's allowance; the headers to answer with, or a 429 carrying them. */
    public Map<String, String> admit(String key) {
        Bucket bucket = buckets.computeIfAbsent(key, k -> RateLimiter.perMinute(perMinute));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        Map<String, String> headers = Map.of("X-RateLimit-Limit", Long.toString(perMinute),
                "X-RateLimit-Remaining", Long.toString(probe.getRemainingTokens()),
                "X-RateLimit-Reset", Long.toString(Instant.now().plusNanos(probe.getNanosToWaitForReset())
                        .getEpochSecond() + 1));
        if (!probe.isConsumed()) {
            int retryAfter = (int) Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new IngestException(429, "RATE_LIMIT_EXCEEDED", "More than " + perMinute
                    + " requests a minute with this API key; retry in " + retryAfter + " s", retryAfter, headers);
        }
        return headers;
    }
}
