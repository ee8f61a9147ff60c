package dev.eventlane.query.control;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Members join an org by invitation token, owners alone manage members and webhooks, a removed member is refused at
 * once, and only operators set plans: one check per outcome (2xx, 401, 403, 404).
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class RolesTest {

    @Test
    void aMemberJoinsByInvitationOnceAndIsRefusedAtOnceWhenRemoved() {
        Dashboard owner = Dashboard.signUp();
        String[] p = owner.orgWithProject("supporter");
        String org = "/api/orgs/" + p[0];
        given().contentType(ContentType.JSON).body(Map.of()).post(org + "/invitations").then().statusCode(401);
        String token = owner.post(org + "/invitations", Map.of()).getString("token");
        assertThat(token).matches("inv_[0-9A-Za-z]{48}");
        given().auth().oauth2(owner.jwt).get(org + "/invitations").then().statusCode(200)
                .body("invitations", hasSize(1)).body("invitations[0]", not(hasKey("token")))
                .body("invitations[0].role", equalTo("member"));

        Dashboard bob = Dashboard.signUp();
        given().auth().oauth2(bob.jwt).get(org).then().statusCode(404);
        accept(bob, "inv_" + "x".repeat(48)).statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/invitations/accept").then()
                .statusCode(401);
        accept(bob, token).statusCode(200).body("role", equalTo("member")).body("org_id", equalTo(p[0]));
        accept(Dashboard.signUp(), token).statusCode(404);
        String bobPat = bob.post("/api/tokens", Map.of()).getString("token");
        given().auth().oauth2(bob.jwt).get(org + "/projects/" + p[1]).then().statusCode(200);
        bob.key(p[0], p[1], "secret", null);

        // A member reads and issues keys, but does not manage members, webhooks, the org or plans.
        String webhooks = org + "/projects/" + p[1] + "/webhooks";
        String webhook = owner.post(webhooks, Map.of("url", "https://hooks.example.com/roles")).getString("id");
        forbidden(given().auth().oauth2(bob.jwt).contentType(ContentType.JSON).body(Map.of())
                .post(org + "/invitations").then());
        forbidden(given().auth().oauth2(bob.jwt).contentType(ContentType.JSON)
                .body(Map.of("url", "https://hooks.example.com/bob")).post(webhooks).then());
        forbidden(given().auth().oauth2(bob.jwt).delete(webhooks + "/" + webhook).then());
        forbidden(given().auth().oauth2(bob.jwt).contentType(ContentType.JSON).body(Map.of("name", "Bob's"))
                .put(org).then());
        String ownerId = given().auth().oauth2(owner.jwt).get(org + "/members").then().extract()
                .path("members.find { it.role == 'owner' }.user_id");
        forbidden(given().auth().oauth2(bob.jwt).delete(org + "/members/" + ownerId).then());
        // The old way in, adding whoever registered an email, is gone.
        given().auth().oauth2(owner.jwt).contentType(ContentType.JSON).body(Map.of("email", bob.email))
                .post(org + "/members").then().statusCode(405);

        String bobId = given().auth().oauth2(owner.jwt).get(org + "/members").then().extract()
                .path("members.find { it.role == 'member' }.user_id");
        given().auth().oauth2(owner.jwt).delete(org + "/members/" + ownerId).then().statusCode(409);
        given().auth().oauth2(owner.jwt).delete(org + "/members/" + bobId).then().statusCode(204);
        for (String credential : new String[] {bob.jwt, bobPat}) {
            given().auth().oauth2(credential).get(org + "/projects/" + p[1]).then().statusCode(404);
            given().auth().oauth2(credential).contentType(ContentType.JSON).body(Map.of("type", "secret"))
                    .post(org + "/projects/" + p[1] + "/keys").then().statusCode(404);
        }
    }

    @Test
    void ownersPromoteMembersAndWithdrawInvitations() {
        Dashboard owner = Dashboard.signUp();
        String[] p = owner.orgWithProject("free");
        String org = "/api/orgs/" + p[0];
        String withdrawn = owner.post(org + "/invitations", Map.of("role", "member")).getString("token");
        String id = given().auth().oauth2(owner.jwt).get(org + "/invitations").then().extract()
                .path("invitations[0].id");
        given().auth().oauth2(owner.jwt).delete(org + "/invitations/" + id).then().statusCode(204);
        Dashboard carol = Dashboard.signUp();
        accept(carol, withdrawn).statusCode(404);
        given().auth().oauth2(owner.jwt).contentType(ContentType.JSON).body(Map.of("role", "admin"))
                .post(org + "/invitations").then().statusCode(400);

        accept(carol, owner.post(org + "/invitations", Map.of()).getString("token")).statusCode(200);
        String carolId = given().auth().oauth2(owner.jwt).get(org + "/members").then().extract()
                .path("members.find { it.role == 'member' }.user_id");
        given().auth().oauth2(owner.jwt).contentType(ContentType.JSON).body(Map.of("role", "owner"))
                .put(org + "/members/" + carolId).then().statusCode(200).body("role", equalTo("owner"));
        given().auth().oauth2(carol.jwt).contentType(ContentType.JSON).body(Map.of("name", "Carol's"))
                .put(org).then().statusCode(200);
    }

    @Test
    void onlyOperatorsSetPlans() {
        Dashboard alice = Dashboard.signUp();
        String org = alice.post("/api/orgs", Map.of("name", "Plans")).getString("id");
        forbidden(given().auth().oauth2(alice.jwt).contentType(ContentType.JSON)
                .body(Map.of("name", "P", "slug", "plan-" + System.nanoTime(), "plan", "brother"))
                .post("/api/orgs/" + org + "/projects").then());
        String project = alice.post("/api/orgs/" + org + "/projects",
                Map.of("name", "P", "slug", "plan-" + System.nanoTime())).getString("id");
        forbidden(given().auth().oauth2(alice.jwt).contentType(ContentType.JSON).body(Map.of("plan", "brother"))
                .put("/api/orgs/" + org + "/projects/" + project).then());
        given().auth().oauth2(alice.jwt).contentType(ContentType.JSON).body(Map.of("plan", "brother"))
                .put("/api/admin/projects/" + project).then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("plan", "brother"))
                .put("/api/admin/projects/" + project).then().statusCode(401);

        Dashboard operator = Dashboard.operator();
        given().auth().oauth2(operator.jwt).contentType(ContentType.JSON).body(Map.of("plan", "platinum"))
                .put("/api/admin/projects/" + project).then().statusCode(400);
        operator.setPlan(project, "brother");
        given().auth().oauth2(alice.jwt).get("/api/orgs/" + org + "/projects/" + project).then().statusCode(200)
                .body("plan", equalTo("brother"));
        // Renaming stays the members' business.
        given().auth().oauth2(alice.jwt).contentType(ContentType.JSON).body(Map.of("name", "Renamed"))
                .put("/api/orgs/" + org + "/projects/" + project).then().statusCode(200);
    }

    private static ValidatableResponse accept(Dashboard who, String token) {
        return given().auth().oauth2(who.jwt).contentType(ContentType.JSON).body(Map.of("token", token))
                .post("/api/invitations/accept").then();
    }

    private static void forbidden(ValidatableResponse response) {
        response.statusCode(403).body("error.code", equalTo("FORBIDDEN"));
    }
}
