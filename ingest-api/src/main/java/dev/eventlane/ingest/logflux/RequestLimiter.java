package dev.eventlane.ingest.logflux;

import java.time.Clock;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.platform.usage.UsageLedger;
import dev.eventlane.schemas.KeyGrant;

/**
 * LogFlux's own limit: requests per UTC minute per API key (600 by default, as LogFlux documents), with its
 * {@code X-RateLimit-*} headers on every answer. Counted across every ingest instance through the usage ledger (each
 * instance publishes its count of the minute; see {@link UsageLedger#tryRequest}), so N instances together allow the
 * limit, give or take what they admit within one publish interval. The plan's event allowance still applies on top.
 */
@Singleton
public class RequestLimiter {

    private final long perMinute;
    private final UsageLedger ledger;
    private final Clock clock;

    @Inject
    public RequestLimiter(@ConfigProperty(name = "eventlane.logflux.requests-per-minute", defaultValue = "600")
            long perMinute, UsageLedger ledger, Clock clock) {
        this.perMinute = perMinute;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Takes one request of the key's allowance; the headers to answer with, or a 429 carrying them. */
    public Map<String, String> admit(KeyGrant grant) {
        UsageLedger.Requests requests = ledger.tryRequest(grant.getProjectId(), counted(grant), perMinute);
        Map<String, String> headers = Map.of("X-RateLimit-Limit", Long.toString(perMinute),
                "X-RateLimit-Remaining", Long.toString(Math.max(0, perMinute - requests.used())),
                "X-RateLimit-Reset", Long.toString(Math.floorDiv(requests.resetMs(), 1000L)));
        if (!requests.admitted()) {
            long waitMs = Math.max(0, requests.resetMs() - clock.millis());
            int retryAfter = (int) Math.max(1, (waitMs + 999) / 1000);
            throw new IngestException(429, "RATE_LIMIT_EXCEEDED", "More than " + perMinute
                    + " requests a minute with this API key; retry in " + retryAfter + " s", retryAfter, headers);
        }
        return headers;
    }

    /** The key's requests in the current minute over every instance, as far as this one knows. */
    public long used(KeyGrant grant) {
        return ledger.requestsThisMinute(counted(grant));
    }

    /** What the limit counts: the key, within its project (keys given by configuration may share an id). */
    private static String counted(KeyGrant grant) {
        return grant.getKeyId() + "/" + grant.getProjectId();
    }
}
