package dev.eventlane.query.control;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.auth.ApiKeys;
import dev.eventlane.query.control.service.SigningKeys;
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;

@QuarkusTest
@QuarkusTestResource(StackResource.class)
class ControlPlaneTest {

    @Inject
    SigningKeys signingKeys;

    @Test
    void signUpLogInAndManageOrgsAndProjects() {
        Dashboard alice = Dashboard.signUp();
        given().contentType(ContentType.JSON).body(Map.of("email", alice.email.toUpperCase(), "password",
                "correct horse")).post("/api/auth/login").then().statusCode(200).body("user.email",
                        equalTo(alice.email));
        given().contentType(ContentType.JSON).body(Map.of("email", alice.email, "password", "wrong horse"))
                .post("/api/auth/login").then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
        given().contentType(ContentType.JSON).body(Map.of("email", alice.email, "password", "correct horse"))
                .post("/api/auth/signup").then().statusCode(409).body("error.code", equalTo("CONFLICT"));

        String[] ids = alice.orgWithProject("supporter");
        given().auth().oauth2(alice.jwt).get("/api/orgs").then().statusCode(200).body("orgs", hasSize(1))
                .body("orgs[0].id", equalTo(ids[0]));
        given().auth().oauth2(alice.jwt).contentType(ContentType.JSON).body(Map.of("name", "Renamed"))
                .put("/api/orgs/" + ids[0]).then().statusCode(200).body("name", equalTo("Renamed"));
        Dashboard.operator().setPlan(ids[1], "brother");
        given().auth().oauth2(alice.jwt).get("/api/orgs/" + ids[0] + "/projects").then().statusCode(200)
                .body("projects", hasSize(1)).body("projects[0].plan", equalTo("brother"));

        Dashboard bob = Dashboard.signUp();
        given().auth().oauth2(bob.jwt).get("/api/orgs/" + ids[0]).then().statusCode(404);
        String invitation = alice.post("/api/orgs/" + ids[0] + "/invitations", Map.of()).getString("token");
        given().auth().oauth2(bob.jwt).contentType(ContentType.JSON).body(Map.of("token", invitation))
                .post("/api/invitations/accept").then().statusCode(200);
        given().auth().oauth2(bob.jwt).get("/api/orgs/" + ids[0] + "/projects/" + ids[1]).then().statusCode(200);
    }

    @Test
    void refusesBadInputWithTheFieldNamed() {
        given().contentType(ContentType.JSON).body(Map.of("email", "not-an-email", "password", "correct horse"))
                .post("/api/auth/signup").then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"));
        given().contentType(ContentType.JSON).body(Map.of("email", "short@example.com", "password", "short"))
                .post("/api/auth/signup").then().statusCode(400).body("error.message",
                        equalTo("password must be 8 to 128 characters"));
        Dashboard alice = Dashboard.signUp();
        String org = alice.post("/api/orgs", Map.of("name", "Org")).getString("id");
        given().auth().oauth2(alice.jwt).contentType(ContentType.JSON).body(Map.of("name", "P", "slug", "Bad Slug"))
                .post("/api/orgs/" + org + "/projects").then().statusCode(400);
        given().auth().oauth2(alice.jwt).contentType(ContentType.JSON)
                .body(Map.of("name", "P", "slug", "ok-slug-" + System.nanoTime(), "plan", "platinum"))
                .post("/api/orgs/" + org + "/projects").then().statusCode(400);
        String[] ids = alice.orgWithProject("free");
        String keys = "/api/orgs/" + ids[0] + "/projects/" + ids[1] + "/keys";
        given().auth().oauth2(alice.jwt).contentType(ContentType.JSON)
                .body(Map.of("type", "public", "scopes", List.of("data:read"))).post(keys).then().statusCode(400);
        given().auth().oauth2(alice.jwt).contentType(ContentType.JSON)
                .body(Map.of("scopes", List.of("everything"))).post(keys).then().statusCode(400);
        given().auth().oauth2(alice.jwt).contentType(ContentType.JSON).body("{not json").post(keys).then()
                .statusCode(400).contentType(ContentType.JSON).body("error.code", equalTo("VALIDATION_ERROR"));
        // A body that is JSON but not of the fields' types: GoodLogs' 400 naming the field, no Java type in it.
        given().auth().oauth2(alice.jwt).contentType(ContentType.JSON).body("{\"name\":{\"a\":1}}").post(keys)
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", equalTo("Field name has the wrong type"));
        given().auth().oauth2(alice.jwt).contentType(ContentType.JSON).body("[]").post("/api/orgs").then()
                .statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", equalTo("The body must be a JSON object with the documented fields"));
    }

    @Test
    void allowedOriginsAreSetPerProjectAndReachTheKeyGrants() {
        Dashboard alice = Dashboard.signUp();
        String[] ids = alice.orgWithProject("free");
        String project = "/api/orgs/" + ids[0] + "/projects/" + ids[1];
        String key = alice.key(ids[0], ids[1], "public", null).getString("key");
        given().auth().oauth2(alice.jwt).get(project).then().statusCode(200).body("allowed_origins", hasSize(0));

        given().auth().oauth2(alice.jwt).contentType(ContentType.JSON)
                .body(Map.of("allowed_origins", List.of("https://Shop.Example.com", "http://localhost:3000",
                        "https://shop.example.com")))
                .put(project).then().statusCode(200)
                .body("allowed_origins", equalTo(List.of("https://shop.example.com", "http://localhost:3000")))
                .body("name", equalTo("Shop"));
        assertThat(latestGrant(key, grant -> !grant.getAllowedOrigins().isEmpty()).getAllowedOrigins())
                .containsExactly("https://shop.example.com", "http://localhost:3000");
        // A key created later carries them too; an empty list allows any origin again.
        String later = alice.key(ids[0], ids[1], "public", null).getString("key");
        assertThat(latestGrant(later, grant -> true).getAllowedOrigins())
                .containsExactly("https://shop.example.com", "http://localhost:3000");
        given().auth().oauth2(alice.jwt).contentType(ContentType.JSON).body(Map.of("allowed_origins", List.of()))
                .put(project).then().statusCode(200).body("allowed_origins", hasSize(0));
        assertThat(latestGrant(key, grant -> grant.getAllowedOrigins().isEmpty()).getAllowedOrigins()).isEmpty();

        for (String bad : List.of("*", "shop.example.com", "https://shop.example.com/", "https://shop.example.com/x",
                "ftp://shop.example.com", "https://a b.com", "https://shop.example.com:123456")) {
            given().auth().oauth2(alice.jwt).contentType(ContentType.JSON)
                    .body(Map.of("allowed_origins", List.of(bad))).put(project).then().statusCode(400)
                    .body("error.code", equalTo("VALIDATION_ERROR"));
        }
        Dashboard bob = Dashboard.signUp();
        given().auth().oauth2(bob.jwt).contentType(ContentType.JSON)
                .body(Map.of("allowed_origins", List.of("https://evil.example.com"))).put(project).then()
                .statusCode(404);
    }

    /** The key's grant as the control plane last published it, once it satisfies {@code until}. */
    private static KeyGrant latestGrant(String key, Predicate<KeyGrant> until) {
        String hash = ApiKeys.hash(key);
        AtomicReference<KeyGrant> latest = new AtomicReference<>();
        try (KafkaConsumer<String, KeyGrant> grants = CompactedTopics.fromStart(Topics.API_KEYS,
                EventlaneSerdes.keyGrant().deserializer())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                grants.poll(Duration.ofMillis(50)).forEach(r -> {
                    if (hash.equals(r.key())) {
                        latest.set(r.value());
                    }
                });
                return latest.get() != null && until.test(latest.get());
            });
        }
        return latest.get();
    }

    @Test
    void keysHaveTheRequestedFormatAndAreShownOnce() {
        Dashboard alice = Dashboard.signUp();
        String[] ids = alice.orgWithProject("free");
        JsonPath loglogic = alice.key(ids[0], ids[1], "secret", null);
        assertThat(loglogic.getString("key")).matches("ll_[A-Za-z0-9]{48}");
        assertThat(loglogic.getList("scopes")).containsExactly("ingest:write", "data:read", "alerts:read",
                "alerts:write");
        String keys = "/api/orgs/" + ids[0] + "/projects/" + ids[1] + "/keys";
        JsonPath goodlogs = alice.post(keys, Map.of("type", "public", "format", "goodlogs", "region", "us"));
        assertThat(goodlogs.getString("key")).matches("gl_pk_us_[A-Za-z0-9]{48}");
        assertThat(goodlogs.getList("scopes")).containsExactly("ingest:write");
        assertThat(alice.post(keys, Map.of("format", "logflux")).getString("key")).startsWith("lf_");

        JsonPath listed = given().auth().oauth2(alice.jwt).get(keys).then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("keys")).hasSize(3);
        assertThat(listed.getList("keys.key")).containsOnlyNulls();
        assertThat(listed.getString("keys[0].masked")).isEqualTo("ll_…"
                + loglogic.getString("key").substring(47));
    }

    @Test
    void aRevokedKeyIsRefusedWithinOneSecond() {
        Dashboard alice = Dashboard.signUp();
        String[] ids = alice.orgWithProject("free");
        JsonPath created = alice.key(ids[0], ids[1], "secret", null);
        String key = created.getString("key");
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> given().auth().oauth2(key).get("/events")
                .then().statusCode(200).body("count", equalTo(0)));

        given().auth().oauth2(alice.jwt).delete("/api/orgs/" + ids[0] + "/projects/" + ids[1] + "/keys/"
                + created.getString("id")).then().statusCode(200).body("revoked_at", org.hamcrest.Matchers
                        .notNullValue());
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> given().auth().oauth2(key).get("/events").then().statusCode(401)
                        .body("error", equalTo("invalid_key")));
    }

    @Test
    void keysAreHeldToTheirTypeAndScopes() {
        Dashboard alice = Dashboard.signUp();
        String[] ids = alice.orgWithProject("free");
        String publicKey = alice.key(ids[0], ids[1], "public", null).getString("key");
        String ingestOnly = alice.key(ids[0], ids[1], "secret", List.of("ingest:write")).getString("key");
        String readOnly = alice.key(ids[0], ids[1], "secret", List.of("data:read")).getString("key");
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> given().auth().oauth2(readOnly).get("/events")
                .then().statusCode(200));
        for (String path : List.of("/events", "/sessions", "/funnels", "/dau", "/revenue", "/retention")) {
            given().auth().oauth2(publicKey).get(path).then().statusCode(403).body("error", equalTo("forbidden"));
            given().auth().oauth2(ingestOnly).get(path).then().statusCode(403);
            given().auth().oauth2(readOnly).get(path).then().statusCode(200);
        }
        given().auth().oauth2(readOnly).delete("/events").then().statusCode(403);
        given().auth().oauth2(publicKey).delete("/events").then().statusCode(403);
    }

    @Test
    void dashboardRefusesMissingInvalidExpiredAndForeignTokens() {
        given().get("/api/orgs").then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
        given().auth().oauth2("not-a-jwt").get("/api/orgs").then().statusCode(401);
        Dashboard alice = Dashboard.signUp();
        String subject = given().auth().oauth2(alice.jwt).contentType(ContentType.JSON).body(Map.of())
                .post("/api/tokens").then().statusCode(201).extract().path("id");
        assertThat(subject).isNotBlank();
        Instant past = Instant.now().minus(Duration.ofHours(2));
        String expired = Jwt.issuer("eventlane").subject("00000000-0000-0000-0000-000000000001")
                .upn("00000000-0000-0000-0000-000000000001").groups(Set.of("user")).issuedAt(past)
                .expiresAt(past.plus(Duration.ofHours(1))).sign(signingKeys.privateKey());
        given().auth().oauth2(expired).get("/api/orgs").then().statusCode(401);
        String otherIssuer = Jwt.issuer("someone-else").subject("x").upn("x").groups(Set.of("user"))
                .expiresAt(Instant.now().plusSeconds(600)).sign(signingKeys.privateKey());
        given().auth().oauth2(otherIssuer).get("/api/orgs").then().statusCode(401);
    }

    @Test
    void personalAccessTokensActAsTheirUserUntilRevoked() {
        Dashboard alice = Dashboard.signUp();
        String[] ids = alice.orgWithProject("free");
        JsonPath created = alice.post("/api/tokens", Map.of("name", "ci", "expires_in_days", 7));
        String pat = created.getString("token");
        assertThat(pat).matches("pat_[A-Za-z0-9]{48}");
        given().auth().oauth2(pat).get("/api/orgs/" + ids[0] + "/projects/" + ids[1]).then().statusCode(200);
        given().auth().oauth2(pat).get("/api/tokens").then().statusCode(200).body("tokens", hasSize(1))
                .body("tokens[0].token", org.hamcrest.Matchers.nullValue());

        given().auth().oauth2(alice.jwt).delete("/api/tokens/" + created.getString("id")).then().statusCode(200);
        given().auth().oauth2(pat).get("/api/orgs").then().statusCode(401).body("error.code",
                equalTo("UNAUTHORIZED"));
        given().auth().oauth2("pat_" + "x".repeat(48)).get("/api/orgs").then().statusCode(401);
    }
}
