package dev.eventlane.query.config;

import java.time.Duration;
import java.util.Optional;

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

    /**
     * Who may create an account ({@code EVENTLANE_CONTROL_SIGNUP}): {@code open} anyone; {@code invite} only with an
     * org invitation token; {@code closed} nobody (accounts come from {@link #operatorEmail()}). Not {@code open} by
     * default: a fresh deployment must not let strangers in.
     */
    @WithDefault("invite")
    Signup signup();

    /** Live webhook endpoints of one project at most; one more is 409 {@code WEBHOOK_LIMIT_REACHED}. */
    @WithDefault("20")
    int maxWebhooksPerProject();

    /** How long an org invitation can be accepted. */
    @WithDefault("168h")
    Duration invitationLifetime();

    /**
     * The instance administrator (operator), who sets projects' plans: created at start-up with
     * {@link #operatorPassword()} unless the account exists, and made an operator in any case.
     */
    Optional<String> operatorEmail();

    /** The operator's password when its account is created; ignored once it exists. */
    Optional<String> operatorPassword();

    enum Signup {
        OPEN, INVITE, CLOSED
    }
}
