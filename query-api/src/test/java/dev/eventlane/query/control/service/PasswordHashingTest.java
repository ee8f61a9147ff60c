package dev.eventlane.query.control.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PasswordHashingTest {

    private static final int BOUND = 3;
    private static final int CALLERS = 16;

    private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    @AfterEach
    void stop() {
        release.countDown();
        callers.shutdownNow();
    }

    @Test
    void hashesInFlightNeverExceedTheBoundAndTheRestAreToldWhenToRetry() throws Exception {
        PasswordHashing hashing = new PasswordHashing(BOUND, Duration.ZERO);
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            calls.add(callers.submit(() -> {
                try {
                    hashing.bounded(this::blockingHash);
                } catch (RateLimitedException e) {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfterSeconds()).isPositive();
                    refused.incrementAndGet();
                }
            }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() == BOUND
                && refused.get() == CALLERS - BOUND);
        release.countDown();
        for (Future<?> call : calls) {
            call.get(10, TimeUnit.SECONDS);
        }
        assertThat(most.get()).isEqualTo(BOUND);
        assertThat(hashing.matches("correct horse", hashing.hash("correct horse"))).isTrue();
        assertThat(hashing.matches("wrong horse", hashing.hash("correct horse"))).isFalse();
    }

    @Test
    void aWaitingRequestGetsTheNextFreeSlot() throws Exception {
        PasswordHashing hashing = new PasswordHashing(1, Duration.ofSeconds(30));
        Future<?> first = callers.submit(() -> hashing.bounded(this::blockingHash));
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() == 1);
        Future<Boolean> second = callers.submit(() -> hashing.matches("x", hashing.hash("x")));
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThat(second.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(most.get()).isEqualTo(1);
    }

    @Test
    void anUnknownAccountCostsAHashLikeAKnownOne() throws Exception {
        PasswordHashing hashing = new PasswordHashing(1, Duration.ZERO);
        Future<?> holder = callers.submit(() -> hashing.bounded(this::blockingHash));
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() == 1);
        // The only slot is taken: an unknown account's check is refused, so it would have hashed (against the decoy).
        assertThatThrownBy(() -> hashing.matches("guess", null)).isInstanceOf(RateLimitedException.class);
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        assertThat(hashing.matches("guess", null)).isFalse();
    }

    private Object blockingHash() {
        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
        return null;
    }
}
