package dev.eventlane.query.control.service;

/** A control-plane request refused for now: 429 with {@code Retry-After}, in the dashboard's error body. */
public class RateLimitedException extends ControlException {

    private final long retryAfterSeconds;

    public RateLimitedException(String message, long retryAfterSeconds) {
        super(429, "RATE_LIMITED", message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
