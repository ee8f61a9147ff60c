package dev.eventlane.query.security;

import dev.eventlane.platform.auth.Refusal;

/** An API key that was refused, and why; each surface renders the {@link Refusal} in its own error body. */
public class ApiKeyRefusedException extends RuntimeException {

    private final transient Refusal refusal;

    public ApiKeyRefusedException(Refusal refusal) {
        super(refusal.message(), null, false, false);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
