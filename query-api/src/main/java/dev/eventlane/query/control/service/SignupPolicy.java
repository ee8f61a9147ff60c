package dev.eventlane.query.control.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.eventlane.query.config.ControlConfig;

/** Who may create an account, as {@code eventlane.control.signup} says; checked before a password is hashed. */
@ApplicationScoped
public class SignupPolicy {

    private final ControlConfig.Signup mode;

    @Inject
    public SignupPolicy(ControlConfig config) {
        this(config.signup());
    }

    SignupPolicy(ControlConfig.Signup mode) {
        this.mode = mode;
    }

    /** Refuses the sign-up unless the mode allows it; {@code invited}: it comes with an open invitation. */
    public void check(boolean invited) {
        switch (mode) {
            case OPEN -> {
            }
            case INVITE -> {
                if (!invited) {
                    throw new ControlException(403, "INVITATION_REQUIRED",
                            "Sign-up needs an invitation: ask an owner of an org for one");
                }
            }
            case CLOSED -> throw new ControlException(403, "SIGNUP_CLOSED",
                    "Sign-up is closed on this instance; ask its administrator for an account");
        }
    }
}
