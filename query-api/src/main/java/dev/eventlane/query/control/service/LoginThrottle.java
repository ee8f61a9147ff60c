package dev.eventlane.query.control.service;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import dev.eventlane.platform.net.ClientAddress;
import dev.eventlane.query.config.LoginConfig;

/**
 * Per-address and per-account limits on sign-up and log-in (Bucket4j token buckets, refilled evenly over the
 * minute), checked before any password is hashed. The per-address limit stops one client from hashing without end;
 * the per-account one stops password guessing spread over many addresses. Both are per instance.
 */
@ApplicationScoped
public class LoginThrottle {

    private final LoginConfig config;
    private final ClientAddress clientAddress;
    private final Buckets byAddress;
    private final Buckets byAccount;

    public LoginThrottle(LoginConfig config) {
        this.config = config;
        this.clientAddress = new ClientAddress(config.trustedProxies().orElse(List.of()));
        this.byAddress = new Buckets(config.trackedClients());
        this.byAccount = new Buckets(config.trackedClients());
    }

    /**
     * Takes one attempt from the client's and the email's allowance, or refuses with 429 and {@code Retry-After}.
     *
     * @param peer         the connection's remote address
     * @param forwardedFor the request's {@code X-Forwarded-For}, believed only from a trusted proxy
     */
    public void admit(String peer, String forwardedFor, String email) {
        String address = clientAddress.of(peer, forwardedFor);
        take(byAddress, address == null ? "" : address, config.attemptsPerAddress(),
                "Too many sign-in attempts from this address");
        String account = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        take(byAccount, account, config.attemptsPerAccount(), "Too many sign-in attempts for this account");
    }

    private static void take(Buckets buckets, String key, long perMinute, String message) {
        ConsumptionProbe probe = buckets.get(key, perMinute).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new RateLimitedException(message + "; retry in " + retryAfter + " s", retryAfter);
        }
    }

    /** Buckets by key, the least recently used forgotten past a bound, so rotating keys cannot fill the heap. */
    private static final class Buckets {

        private final Map<String, Bucket> buckets;

        Buckets(int capacity) {
            this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                    return size() > capacity;
                }
            };
        }

        synchronized Bucket get(String key, long perMinute) {
            return buckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(limit -> limit.capacity(perMinute)
                    .refillGreedy(perMinute, Duration.ofMinutes(1))).build());
        }
    }
}
