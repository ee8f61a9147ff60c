package dev.eventlane.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A bounded wait for a server to come up, used instead of fixed sleeps so that starting is as fast
 * as the server allows and a server that never comes up fails with a message instead of hanging.
 */
final class Poll {

    private Poll() {
    }

    /** Calls {@code condition} every {@code interval} until it is true (returns true) or {@code timeout} passes (returns false). */
    static boolean until(Duration timeout, Duration interval, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
