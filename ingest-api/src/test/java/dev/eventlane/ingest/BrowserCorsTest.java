package dev.eventlane.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.ingest.goodlogs.GoodLogsResource;
import dev.eventlane.ingest.logflux.LogFluxResource;
import dev.eventlane.ingest.loglogic.LogLogicResource;
import dev.eventlane.ingest.logsh.LogshResource;
import dev.eventlane.ingest.service.KeyFirst;
import dev.eventlane.platform.auth.ApiKeys;
import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.schemas.KeyType;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;

/**
 * CORS with real requests: preflights of the public-key endpoints answered without a key, the actual answer
 * readable by the page only for a public key, and nothing for secret-key endpoints.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class BrowserCorsTest {

    private static final String SECRET_KEY = "ll_testkeyA0000000000000000000000000000000000000000";
    private static final String ORIGIN = "https://shop.example.com";
    private static final List<String> BROWSER_PATHS = List.of("/v1/events", "/ingest", "/ingest/batch", "/api/event");
    private static final String GOODLOGS_BATCH = "{\"batch\":[{\"event\":\"cors_probe\"}]}";

    private static String publicKey;

    @BeforeAll
    static void topics() {
        Stack.get().kafka().createTopics(3, Topics.EVENTS, Topics.LOGS);
        Stack.get().kafka().createTopics(1, Topics.API_KEYS);
    }

    /** Issued once the application runs (RestAssured knows its port only then). */
    private static synchronized String publicKey() {
        if (publicKey == null) {
            publicKey = issuePublicKey();
        }
        return publicKey;
    }

    private static String issuePublicKey() {
        return IssuedKeys.issue("project-cors-" + UUID.randomUUID(), KeyType.PUBLIC,
                List.of(Scopes.INGEST_WRITE), key -> given().auth().oauth2(key).contentType(ContentType.JSON)
                        .body(GOODLOGS_BATCH).post("/v1/events").statusCode() == 202);
    }

    @Test
    void preflightsOfPublicKeyEndpointsAreAnsweredWithoutAKey() {
        for (String path : BROWSER_PATHS) {
            Response answer = given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization, content-type").options(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(204);
            assertThat(answer.header("Access-Control-Allow-Origin")).as(path).isEqualTo(ORIGIN);
            assertThat(answer.header("Access-Control-Allow-Methods")).as(path).contains("POST");
            assertThat(answer.header("Access-Control-Allow-Headers")).as(path).contains("Authorization", "Content-Type");
            assertThat(answer.header("Access-Control-Max-Age")).as(path).isEqualTo("7200");
            assertThat(answer.header("Vary")).as(path).contains("Origin");
        }
    }

    @Test
    void secretKeyEndpointsAnswerNoCors() {
        for (String path : List.of("/v1/logs", "/v1/ingest", "/v1/batch")) {
            Response preflight = given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
                    .options(path);
            assertThat(preflight.header("Access-Control-Allow-Origin")).as(path).isNull();
        }
        Response logs = given().auth().oauth2(SECRET_KEY).header("Origin", ORIGIN).contentType(ContentType.JSON)
                .body("{\"batch\":[{\"severity\":\"info\",\"message\":\"cors\"}]}").post("/v1/logs");
        assertThat(logs.statusCode()).isEqualTo(202);
        assertThat(logs.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void aPublicKeysAnswerIsReadableByThePageThatSentIt() {
        Response events = given().auth().oauth2(publicKey()).header("Origin", ORIGIN).contentType(ContentType.JSON)
                .body(GOODLOGS_BATCH).post("/v1/events");
        assertThat(events.statusCode()).isEqualTo(202);
        assertThat(events.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
        assertThat(events.header("Access-Control-Expose-Headers")).contains("Retry-After");
        assertThat(events.header("Vary")).contains("Origin");

        Response loglogic = given().auth().oauth2(publicKey()).header("Origin", "http://localhost:3000")
                .contentType(ContentType.JSON).body("{\"action\":\"cors_probe\",\"user_id\":\"u1\"}").post("/ingest");
        assertThat(loglogic.statusCode()).isLessThan(300);
        assertThat(loglogic.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
    }

    @Test
    void aProjectsAllowedOriginsAreTheOnlyPagesItsPublicKeysServe() {
        String project = "project-cors-" + UUID.randomUUID();
        String key = ApiKeys.random("ll_", ApiKeys.RANDOM_CHARS);
        IssuedKeys.grant(key, project, "brother", KeyType.PUBLIC, List.of(Scopes.INGEST_WRITE), false,
                List.of(ORIGIN));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(GOODLOGS_BATCH).post("/v1/events").statusCode() == 202);

        Response allowed = given().auth().oauth2(key).header("Origin", ORIGIN).contentType(ContentType.JSON)
                .body(GOODLOGS_BATCH).post("/v1/events");
        assertThat(allowed.statusCode()).isEqualTo(202);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);

        String other = "https://elsewhere.example.org";
        Response goodlogs = given().auth().oauth2(key).header("Origin", other).contentType(ContentType.JSON)
                .body(GOODLOGS_BATCH).post("/v1/events");
        assertThat(goodlogs.statusCode()).isEqualTo(403);
        assertThat(goodlogs.jsonPath().getString("error.code")).isEqualTo("FORBIDDEN");
        assertThat(goodlogs.header("Access-Control-Allow-Origin")).isNull();
        Response loglogic = given().auth().oauth2(key).header("Origin", other).contentType(ContentType.JSON)
                .body("{\"action\":\"cors_probe\",\"user_id\":\"u1\"}").post("/ingest");
        assertThat(loglogic.statusCode()).isEqualTo(403);
        assertThat(loglogic.header("Access-Control-Allow-Origin")).isNull();

        // Without an Origin (a server or an app) the key works as any other.
        given().auth().oauth2(key).contentType(ContentType.JSON).body(GOODLOGS_BATCH).post("/v1/events").then()
                .statusCode(202);
        // The list goes with the grant: a new grant with an empty list allows any origin again.
        IssuedKeys.grant(key, project, "brother", KeyType.PUBLIC, List.of(Scopes.INGEST_WRITE), false, List.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(key).header("Origin", other)
                .contentType(ContentType.JSON).body(GOODLOGS_BATCH).post("/v1/events").statusCode() == 202);
    }

    @Test
    void aSecretKeysAnswerIsNotReadableByAPage() {
        Response events = given().auth().oauth2(SECRET_KEY).header("Origin", ORIGIN).contentType(ContentType.JSON)
                .body(GOODLOGS_BATCH).post("/v1/events");
        assertThat(events.statusCode()).isEqualTo(202);
        assertThat(events.header("Access-Control-Allow-Origin")).isNull();

        Response unknown = given().auth().oauth2("ll_" + "z".repeat(48)).header("Origin", ORIGIN)
                .contentType(ContentType.JSON).body(GOODLOGS_BATCH).post("/v1/events");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void theCorsPathsAreTheEndpointsThatTakePublicKeys() {
        Set<String> publicKeyEndpoints = new HashSet<>();
        for (Class<?> resource : List.of(GoodLogsResource.class, LogLogicResource.class, LogshResource.class,
                LogFluxResource.class)) {
            String root = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                KeyFirst keyFirst = method.getAnnotation(KeyFirst.class);
                if (method.isAnnotationPresent(POST.class) && keyFirst != null && !keyFirst.logs()) {
                    Path sub = method.getAnnotation(Path.class);
                    publicKeyEndpoints.add((root + (sub == null ? "" : sub.value())).replaceAll("/+", "/"));
                }
            }
        }
        assertThat(publicKeyEndpoints).containsExactlyInAnyOrderElementsOf(BROWSER_PATHS);
    }
}
