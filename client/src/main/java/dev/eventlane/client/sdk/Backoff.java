package dev.eventlane.client.sdk;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before a retry: exponential from {@code base}, doubled per attempt up to {@code max}, with jitter
 * (a random point in the upper half of the step, so clients that failed together do not retry together). A server's
 * {@code Retry-After} is honoured as a floor, with up to a quarter of it (at most a second) of jitter on top.
 */
record Backoff(Duration base, Duration max) {

    long delayMillis(int attempt, long retryAfterMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (retryAfterMillis >= 0) {
            long spread = Math.min(1000, retryAfterMillis / 4) + 1;
            return retryAfterMillis + random.nextLong(spread);
        }
        long step = base.toMillis() << Math.min(attempt, 20);
        long capped = Math.max(1, Math.min(step, max.toMillis()));
        return capped / 2 + random.nextLong(capped / 2 + 1);
    }
}
