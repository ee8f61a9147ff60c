package dev.eventlane.query.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits on sign-up and log-in, the two endpoints anyone can call: each costs an Argon2id hash (19 MiB of memory and
 * tens of milliseconds of a core), so without limits a stranger could exhaust the heap or the CPU.
 */
@ConfigMapping(prefix = "eventlane.control.login")
public interface LoginConfig {

    /** Sign-up and log-in attempts one client address may make a minute (refilled evenly over the minute). */
    @WithDefault("30")
    long attemptsPerAddress();

    /** Log-in and sign-up attempts for one email a minute, whatever the address (slows password guessing). */
    @WithDefault("10")
    long attemptsPerAccount();

    /**
     * Password hashes computed at once. Each holds Argon2id's 19 MiB and a core for tens of milliseconds, so this
     * bounds their memory and leaves cores to everything else; a request that finds every slot taken waits
     * {@link #hashWait()} and then gets 429 with {@code Retry-After}. Default: half the cores, 1 to 4.
     */
    Optional<Integer> maxConcurrentHashes();

    /** {@link #maxConcurrentHashes()}, or half the cores (at least 1, at most 4: 76 MiB of hashing memory). */
    default int concurrentHashes() {
        return maxConcurrentHashes().orElse(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2)));
    }

    /** How long a request waits for a free hashing slot before it is refused. */
    @WithDefault("1s")
    Duration hashWait();

    /** Client addresses and accounts whose attempts are remembered; the least recently seen are forgotten first. */
    @WithDefault("100000")
    int trackedClients();

    /**
     * Proxies (addresses or CIDR blocks) whose {@code X-Forwarded-For} is believed for the per-address limit, as
     * ingest's {@code eventlane.ingest.trusted-proxies}. None by default: the connection's peer is the client.
     */
    Optional<List<String>> trustedProxies();
}
