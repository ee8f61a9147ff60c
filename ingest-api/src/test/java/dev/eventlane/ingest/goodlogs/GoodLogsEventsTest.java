package dev.eventlane.ingest.goodlogs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.ingest.BrokenBodies;
import dev.eventlane.ingest.EventsTopic;
import dev.eventlane.ingest.IssuedKeys;
import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.schemas.KeyType;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** GoodLogs' {@code POST /v1/events} on a real broker: the reference's example, per-item rejection, its errors. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class GoodLogsEventsTest {

    static final String KEY = "ll_testkeyA0000000000000000000000000000000000000000";
    static final String CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML,"
            + " like Gecko) Chrome/125.0.0.0 Safari/537.36";
    /** The curl body of GoodLogs' reference. */
    static final String DOCS_EXAMPLE = """
            {
            "batch": [
            {
            "event": "signup",
            "distinctId": "user_123",
            "properties": {
            "plan": "pro",
            "source": "google",
            "amount": 29.99
            }
            },
            {
            "event": "page_view",
            "properties": {
            "path": "/pricing",
            "referrer": "https://google.com"
            }
            }
            ]
            }""";

    @BeforeAll
    static void topics() {
        Stack.get().kafka().createTopics(3, "events");
        Stack.get().kafka().createTopics(1, Topics.API_KEYS);
    }

    @Test
    void theFreePlanTakesTenRequestsASecond() {
        String key = IssuedKeys.issue("project-" + UUID.randomUUID(), "free", KeyType.SECRET,
                List.of(Scopes.INGEST_WRITE), k -> postOne(k).statusCode() != 401);
        // Requests in a row: the eleventh within a second is refused, long before the minute's 100 events are spent.
        Response answer = postOne(key);
        for (int sent = 1; answer.statusCode() == 202 && sent < 90; sent++) {
            answer = postOne(key);
        }
        answer.then().statusCode(429).header("Retry-After", "1").body("error.code", equalTo("RATE_LIMITED"))
                .body("error.message", containsString("10 requests a second"));
    }

    @Test
    void serverErrorsAnswerGoodLogsInternalError() {
        GoodLogsResource.Failure failure = GoodLogsResource.errorBody(
                new IngestException(500, "internal_error", "Internal server error"));
        assertThat(failure.error().code()).isEqualTo("INTERNAL_ERROR");
        assertThat(failure.error().message()).isEqualTo("Internal server error");
    }

    private static Response postOne(String key) {
        return given().auth().oauth2(key).contentType(ContentType.JSON)
                .body("{\"batch\":[{\"event\":\"rate_probe\"}]}").post("/v1/events");
    }

    @Test
    void theDocumentedExampleIsAcceptedAndStored() {
        given().auth().oauth2(KEY).contentType(ContentType.JSON).header("User-Agent", CHROME_MAC)
                .body(DOCS_EXAMPLE).post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(2)).body("rejected", equalTo(0))
                .body("$", not(hasKey("errors")));

        List<Event> stored = EventsTopic.read(e -> e.getSource() == Source.GOODLOGS
                && (e.getProperties().containsKey("referrer")
                        || "\"google\"".equals(e.getProperties().get("source"))), 2);

        Event signup = stored.stream().filter(e -> e.getName().equals("signup")).findFirst().orElseThrow();
        assertThat(signup.getUserId()).isEqualTo("user_123");
        assertThat(signup.getProperties()).containsExactlyInAnyOrderEntriesOf(Map.of("plan", "\"pro\"",
                "source", "\"google\"", "amount", "29.99", "distinct_id", "\"user_123\""));
        assertThat(signup.getContext().getUserAgent()).isEqualTo(CHROME_MAC);
        assertThat(signup.getContext().getBrowser()).isEqualTo("Chrome 125");
        assertThat(signup.getContext().getOs()).isEqualTo("macOS 10");
        assertThat(signup.getContext().getDevice()).isEqualTo("Desktop");
        assertThat(signup.getContext().getIp()).isNotBlank();
        Event view = stored.stream().filter(e -> e.getName().equals("page_view")).findFirst().orElseThrow();
        assertThat(view.getUserId()).isNull();
        assertThat(view.getProperties()).containsEntry("path", "\"/pricing\"").doesNotContainKey("distinct_id");
    }

    @Test
    void anItemsClientEventIdIsKeptSoThatARetryIsStoredOnce() {
        String clientId = "sdk-" + UUID.randomUUID();
        given().auth().oauth2(KEY).contentType(ContentType.JSON)
                .body("{\"batch\":[{\"event\":\"retried\",\"event_id\":\"" + clientId + "\"},"
                        + "{\"event\":\"x\",\"event_id\":5}]}")
                .post("/v1/events").then().statusCode(202).body("accepted", equalTo(1)).body("rejected", equalTo(1))
                .body("errors[0].message", containsString("batch[1].event_id must be a string"));

        assertThat(EventsTopic.read(List.of(clientId)).get(clientId).getName()).isEqualTo("retried");
    }

    @Test
    void validItemsAreAcceptedAndInvalidOnesReportedByIndex() {
        String user = "u-" + UUID.randomUUID();
        String body = """
                {"batch":[
                  {"event":"ok","distinctId":"%s","timestamp":"2026-11-01T10:00:00+02:00"},
                  {"event":""},
                  {"event":"x","properties":[1]},
                  "not an object",
                  {"event":"x","timestamp":"yesterday"},
                  {"event":"ok2","distinctId":"%s"}]}""".formatted(user, user);

        given().auth().oauth2(KEY).contentType(ContentType.JSON).body(body).post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(2)).body("rejected", equalTo(4))
                .body("errors.index", equalTo(List.of(1, 2, 3, 4)))
                .body("errors.code", equalTo(List.of("VALIDATION_ERROR", "VALIDATION_ERROR", "VALIDATION_ERROR",
                        "VALIDATION_ERROR")))
                .body("errors[0].message", containsString("batch[1].event is required"))
                .body("errors[3].message", containsString("batch[4].timestamp"));

        List<Event> stored = EventsTopic.read(e -> user.equals(e.getUserId()), 2);
        assertThat(stored).extracting(Event::getName).containsExactly("ok", "ok2");
        assertThat(stored.get(0).getTimestamp()).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
    }

    @Test
    void malformedOversizedAndUnauthorizedRequestsGetGoodLogsErrors() {
        expectError(given().auth().oauth2(KEY).body("{\"batch\":"), 400, "VALIDATION_ERROR");
        expectError(given().auth().oauth2(KEY).body("{\"events\":[]}"), 400, "VALIDATION_ERROR");
        expectError(given().auth().oauth2(KEY).body("{\"batch\":[]}"), 400, "VALIDATION_ERROR");
        String tooMany = IntStream.range(0, 501).mapToObj(i -> "{\"event\":\"e\"}")
                .collect(Collectors.joining(",", "{\"batch\":[", "]}"));
        expectError(given().auth().oauth2(KEY).body(tooMany), 400, "VALIDATION_ERROR");
        String overTwoMegabytes = "{\"batch\":[{\"event\":\"e\",\"properties\":{\"p\":\""
                + "x".repeat(2 * 1024 * 1024) + "\"}}]}";
        expectError(given().auth().oauth2(KEY).body(overTwoMegabytes), 413, "PAYLOAD_TOO_LARGE");
        expectError(given().body(DOCS_EXAMPLE), 401, "UNAUTHORIZED");
        expectError(given().auth().oauth2("gl_pk_eu_unknown").body(DOCS_EXAMPLE), 401, "UNAUTHORIZED");
    }

    /** Hundreds of generated broken bodies: each gets a 2xx or a 4xx in GoodLogs' error body, none a 5xx. */
    @Test
    void aCorpusOfBrokenBodiesNeverGetsA5xx() {
        String[] fields = {"event", "distinctId", "properties", "timestamp"};
        // Not the documented example: events the corpus leaves valid must not pass for that test's.
        String base = "{\"batch\":[{\"event\":\"corpus\",\"distinctId\":\"c1\",\"properties\":{\"k\":1},"
                + "\"timestamp\":\"2026-11-01T10:00:00Z\"}]}";
        for (byte[] body : BrokenBodies.corpus(base, fields, item -> "{\"batch\":[" + item + "]}", 300, 7)) {
            Response answer = given().auth().oauth2(KEY).contentType(ContentType.JSON).body(body).post("/v1/events");
            String sent = new String(body, StandardCharsets.UTF_8);
            assertThat(answer.statusCode()).as("body %s", sent).isBetween(200, 499);
            if (answer.statusCode() >= 400) {
                assertThat(answer.jsonPath().getString("error.code")).as("body %s", sent).isNotBlank();
            }
        }
    }

    private static void expectError(io.restassured.specification.RequestSpecification request, int status,
            String code) {
        request.contentType(ContentType.JSON).post("/v1/events").then().statusCode(status)
                .body("error.code", equalTo(code)).body("error.message", not(equalTo("")));
    }
}
