package dev.eventlane.ingest.goodlogs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.ingest.BrokenBodies;
import dev.eventlane.ingest.EventsTopic;
import dev.eventlane.ingest.IssuedKeys;
import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.schemas.KeyType;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;

/** GoodLogs' {@code POST /v1/logs} on a real broker: the reference's example, legacy fields, secret keys only. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class GoodLogsLogsTest {

    static final String SECRET = "ll_testkeyA0000000000000000000000000000000000000000";
    /** The curl body of GoodLogs' reference. */
    static final String DOCS_EXAMPLE = """
            {
            "batch": [
            {
            "severity": "error",
            "message": "Payment failed: card_declined",
            "properties": {
            "orderId": "ord_123",
            "amount": 29,
            "service": "billing",
            "env": "prod"
            }
            },
            {
            "severity": "info",
            "message": "User signed up",
            "properties": {
            "userId": "u_456",
            "method": "google"
            }
            }
            ]
            }""";

    @BeforeAll
    static void topics() {
        Stack.get().kafka().createTopics(3, "events", "logs");
        Stack.get().kafka().createTopics(1, Topics.API_KEYS);
    }

    @Test
    void theDocumentedExampleIsAcceptedAndStoredAsLogEntries() {
        given().auth().oauth2(SECRET).contentType(ContentType.JSON).body(DOCS_EXAMPLE).post("/v1/logs")
                .then().statusCode(202).body("accepted", equalTo(2)).body("rejected", equalTo(0));

        List<LogEntry> stored = EventsTopic.readLogs(log -> log.getMessage() != null
                && (log.getMessage().equals("Payment failed: card_declined")
                        || log.getMessage().equals("User signed up")), 2);

        LogEntry failed = stored.stream().filter(l -> l.getSeverity().equals("error")).findFirst().orElseThrow();
        assertThat(failed.getProjectId()).isEqualTo("project-a");
        assertThat(failed.getSource()).isEqualTo(Source.GOODLOGS);
        assertThat(failed.getLevel()).isEqualTo(4);
        assertThat(failed.getLogId()).matches("log_[0-9A-Za-z]{24}");
        assertThat(failed.getSealed()).isNull();
        assertThat(failed.getProperties()).containsExactlyInAnyOrderEntriesOf(Map.of("orderId", "\"ord_123\"",
                "amount", "29", "service", "\"billing\"", "env", "\"prod\""));
        LogEntry signup = stored.stream().filter(l -> l.getSeverity().equals("info")).findFirst().orElseThrow();
        assertThat(signup.getLevel()).isEqualTo(7);
    }

    @Test
    void legacyFieldsAreFlattenedIntoPropertiesAndBadItemsReported() {
        String marker = "legacy-" + UUID.randomUUID();
        String body = """
                {"batch":[
                  {"severity":"warn","message":"%s","properties":{"a":1},"metadata":{"a":2,"b":3},
                   "code_location":{"file":"pay.js","line":10},"context":"checkout"},
                  {"severity":"verbose","message":"m"},
                  {"severity":"info"},
                  {"severity":"info","message":"%s"}]}""".formatted(marker, "x".repeat(64 * 1024 + 1));

        given().auth().oauth2(SECRET).contentType(ContentType.JSON).body(body).post("/v1/logs")
                .then().statusCode(202).body("accepted", equalTo(1)).body("rejected", equalTo(3))
                .body("errors.index", equalTo(List.of(1, 2, 3)))
                .body("errors[0].message", containsString("severity must be one of"))
                .body("errors[2].message", containsString("64 KB"));

        LogEntry stored = EventsTopic.readLogs(log -> marker.equals(log.getMessage()), 1).get(0);
        assertThat(stored.getLevel()).isEqualTo(5);
        assertThat(stored.getProperties()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "3",
                "file", "\"pay.js\"", "line", "10", "context", "\"checkout\""));
    }

    @Test
    void theClientsLogIdIsKeptAndABadOneIsRefusedAlone() {
        String marker = "ids-" + UUID.randomUUID();
        String id = "log-" + UUID.randomUUID();
        String body = """
                {"batch":[
                  {"log_id":"%s","severity":"info","message":"%s"},
                  {"log_id":"","severity":"info","message":"%s"},
                  {"log_id":["x"],"severity":"info","message":"%s"},
                  {"log_id":"%s","severity":"info","message":"%s"}]}"""
                .formatted(id, marker, marker, marker, "x".repeat(257), marker);

        // Sent again while the broker is too busy to acknowledge in time, as a client would: the id makes it safe.
        Response answer = Awaitility.await("an answer other than 503").atMost(Duration.ofMinutes(1))
                .until(() -> given().auth().oauth2(SECRET).contentType(ContentType.JSON).body(body).post("/v1/logs"),
                        response -> response.statusCode() != 503);
        answer.then().statusCode(202).body("accepted", equalTo(1)).body("rejected", equalTo(3))
                .body("errors.index", equalTo(List.of(1, 2, 3)))
                .body("errors[0].message", equalTo("batch[1].log_id must be a non-empty string"))
                .body("errors[1].message", equalTo("batch[2].log_id must be a non-empty string"))
                .body("errors[2].message", equalTo("batch[3].log_id must be at most 256 characters"));

        assertThat(EventsTopic.readLogs(log -> marker.equals(log.getMessage()), 1)).extracting(LogEntry::getLogId)
                .containsExactly(id);
    }

    @Test
    void publicKeysMaySendEventsButNeverLogs() {
        String publicKey = IssuedKeys.issue("project-public-" + UUID.randomUUID(), KeyType.PUBLIC,
                List.of(Scopes.INGEST_WRITE), key -> given().auth().oauth2(key).contentType(ContentType.JSON)
                        .body("{\"batch\":[{\"event\":\"probe\"}]}").post("/v1/events").statusCode() == 202);

        given().auth().oauth2(publicKey).contentType(ContentType.JSON).body(DOCS_EXAMPLE).post("/v1/logs")
                .then().statusCode(403).body("error.code", equalTo("FORBIDDEN"));
        given().contentType(ContentType.JSON).body(DOCS_EXAMPLE).post("/v1/logs")
                .then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
    }

    /** Hundreds of generated broken bodies: each a 2xx or a 4xx in GoodLogs' error body, never a 5xx. */
    @Test
    void aCorpusOfBrokenBodiesNeverGetsA5xx() {
        String[] fields = {"severity", "message", "properties", "timestamp", "metadata", "context", "code_location"};
        // Not the documented example: entries the corpus leaves valid must not pass for that test's.
        String base = "{\"batch\":[{\"severity\":\"warn\",\"message\":\"corpus base\",\"properties\":{\"k\":1},"
                + "\"metadata\":{\"m\":2},\"timestamp\":\"2026-11-01T10:00:00Z\"}]}";
        for (byte[] body : BrokenBodies.corpus(base, fields, item -> "{\"batch\":[" + item + "]}", 300, 5)) {
            Response answer = given().auth().oauth2(SECRET).contentType(ContentType.JSON).body(body).post("/v1/logs");
            String sent = new String(body, StandardCharsets.UTF_8);
            assertThat(answer.statusCode()).as("body %s", sent).isBetween(200, 499);
            if (answer.statusCode() >= 400) {
                assertThat(answer.jsonPath().getString("error.code")).as("body %s", sent).isNotBlank();
            }
        }
    }
}
