package dev.eventlane.query.control.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.eventlane.query.config.ControlConfig.Signup;

/** Each sign-up mode, with and without an invitation. */
class SignupPolicyTest {

    @Test
    void closedRefusesEveryoneInviteOnlyTheUninvitedOpenNobody() {
        assertThatThrownBy(() -> new SignupPolicy(Signup.CLOSED).check(true)).isInstanceOf(ControlException.class)
                .extracting("code").isEqualTo("SIGNUP_CLOSED");
        assertThatThrownBy(() -> new SignupPolicy(Signup.CLOSED).check(false)).extracting("status").isEqualTo(403);
        assertThatThrownBy(() -> new SignupPolicy(Signup.INVITE).check(false)).extracting("code")
                .isEqualTo("INVITATION_REQUIRED");
        assertThatCode(() -> new SignupPolicy(Signup.INVITE).check(true)).doesNotThrowAnyException();
        assertThatCode(() -> new SignupPolicy(Signup.OPEN).check(false)).doesNotThrowAnyException();
    }
}
