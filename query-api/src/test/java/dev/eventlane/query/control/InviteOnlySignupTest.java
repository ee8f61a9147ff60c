package dev.eventlane.query.control;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** With {@code EVENTLANE_CONTROL_SIGNUP=invite} (the default) strangers cannot sign up; invited people can, once. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
@TestProfile(InviteOnlySignupTest.InviteOnly.class)
class InviteOnlySignupTest {

    public static class InviteOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eventlane.control.signup", "invite");
        }
    }

    @Test
    void strangersAreRefusedAndInvitedPeopleJoinTheirOrgAsTheySignUp() {
        String email = "invited-" + System.nanoTime() + "@example.com";
        signUp(email, null).statusCode(403).body("error.code", equalTo("INVITATION_REQUIRED"));
        signUp(email, "inv_" + "x".repeat(48)).statusCode(403).body("error.code", equalTo("INVITATION_REQUIRED"));

        Dashboard operator = Dashboard.operator();
        String org = operator.post("/api/orgs", Map.of("name", "Invite only")).getString("id");
        String token = operator.post("/api/orgs/" + org + "/invitations", Map.of()).getString("token");
        String jwt = signUp(email, token).statusCode(201).extract().path("token");
        given().auth().oauth2(jwt).get("/api/orgs/" + org).then().statusCode(200);
        signUp("second-" + email, token).statusCode(403);
    }

    private static io.restassured.response.ValidatableResponse signUp(String email, String invitation) {
        Map<String, String> body = invitation == null ? Map.of("email", email, "password", "correct horse")
                : Map.of("email", email, "password", "correct horse", "invitation", invitation);
        return given().contentType(ContentType.JSON).body(body).post("/api/auth/signup").then();
    }
}
