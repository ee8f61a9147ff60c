package dev.eventlane.query.control.service;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.password4j.Password;

import dev.eventlane.query.config.LoginConfig;

/**
 * Argon2id hashing (Password4j, parameters in {@code psw4j.properties}) with a bounded number of hashes in flight.
 * Each hash holds its memory cost (19 MiB) until it ends, so a flood of sign-ups or log-ins, which need no key, would
 * otherwise take as much heap as it has concurrent requests. Past the bound a request waits briefly for a slot and
 * is then refused with 429, never queued without end.
 */
@ApplicationScoped
public class PasswordHashing {

    /** Checked when the email is unknown, so a login costs the same whether or not the account exists. */
    private static final String DECOY_HASH = Password.hash("eventlane-decoy-password").addRandomSalt()
            .withArgon2().getResult();
    /** What a refused client is told to wait: a hash takes tens of milliseconds, so slots free up quickly. */
    private static final long RETRY_AFTER_SECONDS = 1;

    private final Semaphore slots;
    private final Duration wait;

    @Inject
    public PasswordHashing(LoginConfig config) {
        this(config.concurrentHashes(), config.hashWait());
    }

    public PasswordHashing(int maxConcurrent, Duration wait) {
        this.slots = new Semaphore(maxConcurrent, true);
        this.wait = wait;
    }

    /** A new salted hash of {@code password}. */
    public String hash(String password) {
        return bounded(() -> Password.hash(password).addRandomSalt().withArgon2().getResult());
    }

    /**
     * Whether {@code password} matches {@code hash}; with a null {@code hash} (no such account) the password is
     * checked against a decoy, so the answer takes as long as for a real account.
     */
    public boolean matches(String password, String hash) {
        boolean matches = bounded(() -> Password.check(password, hash == null ? DECOY_HASH : hash).withArgon2());
        return hash != null && matches;
    }

    /** Runs {@code hashing} in one of the slots; 429 when none frees up within the wait. */
    <T> T bounded(Supplier<T> hashing) {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new RateLimitedException("Too many sign-ins at once; retry in " + RETRY_AFTER_SECONDS + " s",
                    RETRY_AFTER_SECONDS);
        }
        try {
            return hashing.get();
        } finally {
            slots.release();
        }
    }
}
