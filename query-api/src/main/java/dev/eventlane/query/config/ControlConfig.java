package dev.eventlane.query.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The control plane: dashboard tokens, personal access tokens, API keys. */
@ConfigMapping(prefix = "eventlane.control")
public interface ControlConfig {

    /** The {@code iss} of dashboard JWTs; {@code mp.jwt.verify.issuer} follows it. */
    @WithDefault("eventlane")
    String jwtIssuer();

    /** How long a dashboard JWT (from signup or login) is valid. */
    @WithDefault("12h")
    Duration jwtLifetime();

    /** Lifetime of a personal access token created without {@code expires_in_days}. */
    @WithDefault("90")
    int tokenDefaultDays();

    /** Longest lifetime a personal access token may ask for. */
    @WithDefault("365")
    int tokenMaxDays();

    /** The region in GoodLogs-format keys ({@code gl_sk_<region>_...}) when the request names none. */
    @WithDefault("eu")
    String goodlogsRegion();

    /** How often the outbox relay looks for records when not woken by a commit of its own instance. */
    @WithDefault("100ms")
    Duration outboxPollInterval();

    /** Most outbox records published (and acknowledged) in one round. */
    @WithDefault("500")
    int outboxBatchSize();

    /** Liveness fails when the outbox relay has not ended a round for this long: it is stuck, not just failing. */
    @WithDefault("2m")
    Duration outboxStallTimeout();
}
