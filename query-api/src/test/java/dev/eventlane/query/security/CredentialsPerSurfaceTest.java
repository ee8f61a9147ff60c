package dev.eventlane.query.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Each kind of credential works only where it belongs: API keys on the imitated products' surfaces, dashboard
 * tokens on {@code /api}; a credential of the other kind is refused in the surface's own error body.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class CredentialsPerSurfaceTest {

    /** A key of project-a, configured for tests ({@code %test.eventlane.auth.static-keys}). */
    private static final String KEY = "ll_testkeyA0000000000000000000000000000000000000000";

    @Test
    void aValidKeyIsTheCallerOnEachSurface() {
        given().auth().oauth2(KEY).get("/v1/info").then().statusCode(200).body("project.id", equalTo("project-a"));
        given().auth().oauth2(KEY).get("/v1/logs").then().statusCode(200).body("status", equalTo("success"));
        given().auth().oauth2(KEY).get("/funnels").then().statusCode(200);
    }

    @Test
    void aDashboardTokenIsNoApiKey() {
        String jwt = signUp();
        given().auth().oauth2(jwt).get("/events").then().statusCode(401).body("error", equalTo("invalid_key"));
        given().auth().oauth2(jwt).get("/v1/logs").then().statusCode(401)
                .body("error.code", equalTo("INVALID_API_KEY"));
        given().auth().oauth2(jwt).get("/v1/alerts").then().statusCode(401)
                .body("error.code", equalTo("UNAUTHORIZED")).body("error.message", equalTo("API key not recognized"));
    }

    @Test
    void anApiKeyIsNoDashboardToken() {
        given().auth().oauth2(KEY).get("/api/orgs").then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
        given().auth().oauth2(KEY).get("/api/tokens").then().statusCode(401)
                .body("error.code", equalTo("UNAUTHORIZED"));
    }

    @Test
    void anotherSchemeOrAnEmptyBearerIsAMissingKey() {
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/sessions").then().statusCode(401)
                .body("error", equalTo("missing_key"));
        given().header("Authorization", "Bearer   ").get("/retention").then().statusCode(401)
                .body("error", equalTo("missing_key"));
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/v1/info").then().statusCode(401)
                .body("error.code", equalTo("UNAUTHORIZED"))
                .body("error.message", equalTo("Send your API key as Authorization: Bearer <key>"));
    }

    private static String signUp() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", "user-" + UUID.randomUUID() + "@example.com", "password", "correct horse"))
                .post("/api/auth/signup").then().statusCode(201).extract().path("token");
    }
}
