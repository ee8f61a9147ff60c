package dev.eventlane.streams.webhooks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: the delay doubles from the initial one with every failed attempt, up to the
 * maximum, and is spread by ±25% (jitter) so that deliveries failing together do not retry together. A delivery is
 * given up when its next attempt would come later than the give-up period after it was scheduled.
 */
public record Backoff(Duration initial, Duration max, Duration giveUpAfter) {

    /** ±25% around the delay. */
    private static final double JITTER = 0.25;

    /** The delay after failed attempt number {@code attempt} (1 for the first), before jitter. */
    public long baseDelayMs(int attempt) {
        long delay = initial.toMillis();
        for (int i = 1; i < attempt && delay < max.toMillis(); i++) {
            delay *= 2;
        }
        return Math.min(delay, max.toMillis());
    }

    /**
     * The time of the next attempt after failed attempt {@code attempt} at {@code now}, or -1 when the delivery
     * scheduled at {@code createdAtMs} is to be given up.
     */
    public long nextAttemptMs(int attempt, long now, long createdAtMs) {
        long base = baseDelayMs(attempt);
        long jittered = Math.round(base * (1 - JITTER + 2 * JITTER * ThreadLocalRandom.current().nextDouble()));
        long next = now + Math.max(1, jittered);
        return next - createdAtMs > giveUpAfter.toMillis() ? -1 : next;
    }
}
