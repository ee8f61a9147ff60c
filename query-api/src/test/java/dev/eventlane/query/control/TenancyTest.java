package dev.eventlane.query.control;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.eventlane.query.analytics.rest.TestData;
import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * An adversarial tenancy suite: Mallory, with her own org, project, key and token, tries to read, write, list and
 * delete Alice's things through every endpoint, by guessing (here: knowing) their ids and slugs.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class TenancyTest {

    @Test
    void nothingOfOneTenantIsReachableWithAnothersCredentials() {
        Dashboard alice = Dashboard.signUp();
        String[] a = alice.orgWithProject("supporter");
        String aliceKey = alice.key(a[0], a[1], "secret", null).getString("key");
        String aliceKeyId = given().auth().oauth2(alice.jwt).get(keys(a)).then().extract().path("keys[0].id");
        Dashboard mallory = Dashboard.signUp();
        String[] m = mallory.orgWithProject("free");
        String malloryKey = mallory.key(m[0], m[1], "secret", null).getString("key");
        String malloryPat = mallory.post("/api/tokens", Map.of()).getString("token");
        insertEvent(a[1], "alice-secret-event");
        insertEvent(m[1], "mallory-event");
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> given().auth().oauth2(malloryKey)
                .get("/events").then().statusCode(200));

        for (String token : List.of(mallory.jwt, malloryPat)) {
            for (String path : List.of("/api/orgs/" + a[0], "/api/orgs/" + a[0] + "/members",
                    "/api/orgs/" + a[0] + "/projects", "/api/orgs/" + a[0] + "/projects/" + a[1], keys(a),
                    "/api/orgs/" + m[0] + "/projects/" + a[1], "/api/orgs/" + m[0] + "/projects/" + a[1] + "/keys")) {
                given().auth().oauth2(token).get(path).then().statusCode(404).body("error.code",
                        equalTo("NOT_FOUND"));
            }
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "pwned"))
                    .put("/api/orgs/" + a[0]).then().statusCode(404);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("plan", "free"))
                    .put("/api/orgs/" + a[0] + "/projects/" + a[1]).then().statusCode(404);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("type", "secret"))
                    .post(keys(a)).then().statusCode(404);
            given().auth().oauth2(token).delete(keys(a) + "/" + aliceKeyId).then().statusCode(404);
            given().auth().oauth2(token).delete("/api/orgs/" + m[0] + "/projects/" + m[1] + "/keys/" + aliceKeyId)
                    .then().statusCode(404);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of())
                    .post("/api/orgs/" + a[0] + "/invitations").then().statusCode(404);
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("name", "x", "slug", "x-" + System.nanoTime()))
                    .post("/api/orgs/" + a[0] + "/projects").then().statusCode(404);
        }
        given().auth().oauth2(mallory.jwt).get("/api/orgs").then().body("orgs.id", org.hamcrest.Matchers
                .not(org.hamcrest.Matchers.hasItem(a[0])));

        // Alice's key still works (Mallory revoked nothing), and each key reads only its own project.
        given().auth().oauth2(aliceKey).get("/events").then().statusCode(200).body("events.action",
                equalTo(List.of("alice-secret-event")));
        given().auth().oauth2(malloryKey).get("/events").then().statusCode(200).body("events.action",
                equalTo(List.of("mallory-event")));
        given().auth().oauth2(malloryKey).queryParam("action", "alice-secret-event").get("/events").then()
                .body("count", equalTo(0));
        given().auth().oauth2(malloryKey).get("/v1/info").then().statusCode(200).body("project.id", equalTo(m[1]));
        // Mallory's delete empties her project only.
        given().auth().oauth2(malloryKey).delete("/events").then().statusCode(200);
        given().auth().oauth2(aliceKey).get("/events").then().body("count", equalTo(1));
        // A dashboard token is not an API key, and an API key is not a dashboard token.
        given().auth().oauth2(malloryPat).get("/events").then().statusCode(401);
        given().auth().oauth2(malloryKey).get("/api/orgs").then().statusCode(401);
    }

    @Test
    void infoDescribesTheKeysProjectAndRefusesLikeGoodLogs() {
        Dashboard alice = Dashboard.signUp();
        String[] a = alice.orgWithProject("supporter");
        String key = alice.key(a[0], a[1], "secret", null).getString("key");
        String publicKey = alice.key(a[0], a[1], "public", null).getString("key");
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> given().auth().oauth2(key).get("/v1/info")
                .then().statusCode(200));
        var info = given().auth().oauth2(key).get("/v1/info").then().statusCode(200).extract().jsonPath();
        assertThat(info.getString("project.id")).isEqualTo(a[1]);
        assertThat(info.getString("org.id")).isEqualTo(a[0]);
        assertThat(info.getString("plan.name")).isEqualTo("supporter");
        assertThat(info.getLong("plan.daily_events")).isEqualTo(14_400_000L);
        assertThat(info.getInt("plan.retention_hours")).isEqualTo(720);
        assertThat(info.getInt("plan.requests_per_second")).isEqualTo(50);
        assertThat(info.getLong("usage.events_today")).isZero();
        assertThat(info.getInt("key_count")).isEqualTo(2);
        given().get("/v1/info").then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
        given().auth().oauth2(publicKey).get("/v1/info").then().statusCode(403).body("error.code",
                equalTo("FORBIDDEN"));
    }

    private static String keys(String[] ids) {
        return "/api/orgs/" + ids[0] + "/projects/" + ids[1] + "/keys";
    }

    private static void insertEvent(String project, String action) {
        TestData.events().add(TestData.event(project, "evt_" + action, action, "u1", 1763000000000L)).insert();
    }
}
