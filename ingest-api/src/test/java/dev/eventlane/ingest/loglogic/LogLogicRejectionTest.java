package dev.eventlane.ingest.loglogic;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.eventlane.ingest.BrokenBodies;
import dev.eventlane.platform.time.ShiftedClock;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;

@QuarkusTest
@QuarkusTestResource(StackResource.class)
class LogLogicRejectionTest {

    /** "Now" as the services see it: moved by the clock sweep (see ShiftedClock). */
    private static final Clock CLOCK = ShiftedClock.fromSystemProperty();

    private static final String KEY = LogLogicIngestTest.KEY_A;

    @BeforeAll
    static void topics() {
        Stack.get().kafka().createTopics(3, "events");
    }

    static Stream<Arguments> badEvents() {
        String big = "x".repeat(4100);
        String future = CLOCK.instant().plus(25, ChronoUnit.HOURS).toString();
        return Stream.of(
                Arguments.of("{\"user_id\":\"u\"}", 400, "missing_field", "action is required"),
                Arguments.of("{\"action\":\"\",\"user_id\":\"u\"}", 400, "missing_field", "action"),
                Arguments.of("{\"action\":\"a\"}", 400, "missing_field", "user_id is required"),
                Arguments.of("{\"action\":\"" + "a".repeat(65) + "\",\"user_id\":\"u\"}", 400, "field_too_long",
                        "action is longer than 64"),
                Arguments.of("{\"action\":\"" + "a".repeat(64) + "\",\"user_id\":\"u\",\"funnel\":\""
                        + "f".repeat(33) + "\"}", 400, "field_too_long", "funnel is longer than 32"),
                Arguments.of("{\"action\":7,\"user_id\":\"u\"}", 400, "invalid_type", "action must be a string"),
                Arguments.of("{\"action\":\"a\",\"user_id\":\"u\\u0000v\"}", 400, "invalid_character",
                        "user_id must not contain U+0000"),
                Arguments.of("{\"action\":\"a\",\"user_id\":\"u\",\"funnel\":\"\\u0000\"}", 400,
                        "invalid_character", "funnel must not contain U+0000"),
                Arguments.of("{\"action\":\"a\",\"user_id\":\"u\",\"data\":[1]}", 400, "invalid_type",
                        "data must be a JSON object"),
                Arguments.of("{\"action\":\"a\",\"user_id\":\"u\",\"data\":{\"s\":\"" + big + "\"}}", 413,
                        "data_too_large", "4096"),
                Arguments.of("{\"action\":\"a\",\"user_id\":\"u\",\"timestamp\":\"yesterday\"}", 400,
                        "invalid_timestamp", "ISO 8601"),
                Arguments.of("{\"action\":\"a\",\"user_id\":\"u\",\"timestamp\":\"" + future + "\"}", 400,
                        "invalid_timestamp", "future"),
                Arguments.of("{\"action\":\"a\",", 400, "invalid_json", "not valid JSON"),
                Arguments.of("[1,2]", 400, "invalid_event", "must be a JSON object"),
                Arguments.of("", 400, "invalid_json", "empty"),
                Arguments.of("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", 400, "invalid_json",
                        "more than 64 levels deep"),
                // The body's object and 63 levels more: the deepest body taken is in the test below.
                Arguments.of("{\"action\":\"a\",\"user_id\":\"u\",\"data\":{\"d\":" + "[".repeat(63)
                        + "]".repeat(63) + "}}", 400, "invalid_json", "more than 64 levels deep"),
                Arguments.of("{\"action\":\"a\",\"user_id\":\"u\",\"data\":{\"n\":1" + "0".repeat(1000)
                        + "}}", 400, "invalid_json", "a number longer than 1000 characters"),
                // 2^64 and 2^64 + 1.7e12: their low 64 bits are 1970 and 2023.
                Arguments.of("{\"action\":\"a\",\"user_id\":\"u\",\"timestamp\":18446744073709551616}", 400,
                        "invalid_timestamp", "out of range"),
                Arguments.of("{\"action\":\"a\",\"user_id\":\"u\",\"timestamp\":18446745773709551616}", 400,
                        "invalid_timestamp", "out of range"),
                // Exponents past 32 bits: no BigDecimal holds them.
                Arguments.of("{\"action\":\"a\",\"user_id\":\"u\",\"data\":{\"amount\":1e2147483648}}", 400,
                        "invalid_json", "exponent is out of range"),
                Arguments.of("{\"action\":\"a\",\"user_id\":\"u\",\"data\":{\"amount\":1e-2147483648}}", 400,
                        "invalid_json", "exponent is out of range"),
                // Half a surrogate pair: UTF-8 has no bytes for it, so two such ids would be stored as one.
                Arguments.of("{\"action\":\"a\",\"user_id\":\"u\",\"event_id\":\"\\ud800-1\"}", 400,
                        "invalid_json", "unpaired surrogate"),
                Arguments.of("{\"action\":\"a\",\"user_id\":\"u\",\"data\":{\"k\":[\"x\\udfff\"]}}", 400,
                        "invalid_json", "unpaired surrogate"));
    }

    @ParameterizedTest
    @MethodSource("badEvents")
    void singleEventRejectedWithLogLogicBody(String body, int status, String code, String message) {
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body(body)
                .post("/ingest")
                .then().statusCode(status)
                .body("ok", equalTo(false)).body("error", equalTo(code)).body("message", containsString(message));
    }

    @Test
    void bodiesWithinTheJsonLimitsAreTaken() {
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body("{\"action\":\"a\",\"user_id\":\"u\","
                + "\"data\":{\"d\":" + "[".repeat(62) + "]".repeat(62) + ",\"n\":1" + "0".repeat(999) + "}}")
                .post("/ingest")
                .then().statusCode(200);
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body("{\"action\":\"\\ud83d\\ude00\","
                + "\"user_id\":\"u\",\"data\":{\"amount\":1e10000000,\"tiny\":1e-2147483647}}")
                .post("/ingest")
                .then().statusCode(200);
    }

    @Test
    void invalidUtf8IsABadRequest() {
        byte[] body = {'{', '"', 'a', 'c', 't', 'i', 'o', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body(body)
                .post("/ingest")
                .then().statusCode(400).body("error", equalTo("invalid_json"));
    }

    @Test
    void batchOverOneHundredIsTooLarge() {
        String events = IntStream.range(0, 101).mapToObj(i -> "{\"action\":\"a\",\"user_id\":\"u\"}")
                .collect(Collectors.joining(","));
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body("{\"events\":[" + events + "]}")
                .post("/ingest/batch")
                .then().statusCode(413).body("error", equalTo("batch_too_large"));
    }

    @Test
    void batchNamesTheInvalidEventAndStoresNone() {
        given().auth().oauth2(KEY).contentType(ContentType.JSON)
                .body("{\"events\":[{\"action\":\"a\",\"user_id\":\"u\"},{\"action\":\"b\"}]}")
                .post("/ingest/batch")
                .then().statusCode(400).body("error", equalTo("missing_field"))
                .body("message", equalTo("events[1].user_id is required"));
    }

    @Test
    void batchMustHoldEvents() {
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body("{\"events\":[]}")
                .post("/ingest/batch").then().statusCode(400).body("error", equalTo("invalid_batch"));
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body("{\"action\":\"a\",\"user_id\":\"u\"}")
                .post("/ingest/batch").then().statusCode(400).body("error", equalTo("invalid_batch"));
    }

    @Test
    void bodyOverTheLimitIsTooLarge() {
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body("{\"pad\":\"" + "x".repeat(1_100_000) + "\"}")
                .post("/ingest/batch")
                .then().statusCode(413).body("error", equalTo("payload_too_large"));
    }

    @Test
    void missingKeyIsUnauthorized() {
        given().contentType(ContentType.JSON).body("{\"action\":\"a\",\"user_id\":\"u\"}")
                .post("/ingest")
                .then().statusCode(401).body("ok", equalTo(false)).body("error", equalTo("missing_key"));
        given().header("Authorization", "Basic abc").contentType(ContentType.JSON)
                .body("{\"action\":\"a\",\"user_id\":\"u\"}")
                .post("/ingest")
                .then().statusCode(401).body("error", equalTo("missing_key"));
    }

    @Test
    void bodiesKeepLogLogicsFieldOrder() {
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body("{\"action\":\"a\",\"user_id\":\"u\"}")
                .post("/ingest")
                .then().statusCode(200)
                .body(org.hamcrest.Matchers.matchesPattern(
                        "\\{\"ok\":true,\"ingested\":1,\"event_id\":\"evt_[0-9A-Za-z]{24}\"}"));
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body("{}")
                .post("/ingest")
                .then().statusCode(400)
                .body(org.hamcrest.Matchers.startsWith("{\"ok\":false,\"error\":\"missing_field\",\"message\":"));
    }

    @Test
    void unknownKeyIsUnauthorized() {
        given().auth().oauth2("ll_not_a_key").contentType(ContentType.JSON)
                .body("{\"action\":\"a\",\"user_id\":\"u\"}")
                .post("/ingest/batch")
                .then().statusCode(401).body("error", equalTo("invalid_key"))
                .body("message", equalTo("API key not recognized"));
    }

    @Test
    void rejectionsAreCountedInMetrics() {
        given().auth().oauth2("ll_not_a_key").contentType(ContentType.JSON).body("{}").post("/ingest");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("eventlane_ingest_requests_rejected_total"))
                .body(containsString("reason=\"invalid_key\""))
                .body(not(emptyOrNullString()));
    }

    /** Hundreds of generated broken bodies, single and batched: each a 2xx or a 4xx in LogLogic's body, never a 5xx. */
    @Test
    void aCorpusOfBrokenBodiesNeverGetsA5xx() {
        String valid = "{\"action\":\"purchase\",\"user_id\":\"u1\",\"funnel\":\"checkout\","
                + "\"session_id\":\"s1\",\"platform\":\"iOS\",\"timestamp\":\"2026-11-01T10:00:00Z\","
                + "\"data\":{\"amount\":9.99},\"event_id\":\"e1\"}";
        String[] fields = {"action", "user_id", "funnel", "session_id", "platform", "timestamp", "data", "event_id"};
        for (String path : new String[] {"/ingest", "/ingest/batch"}) {
            boolean batch = path.endsWith("batch");
            for (byte[] body : BrokenBodies.corpus(batch ? "{\"events\":[" + valid + "]}" : valid, fields,
                    item -> batch ? "{\"events\":[" + item + "]}" : item, 150, 3)) {
                Response answer = given().auth().oauth2(KEY).contentType(ContentType.JSON).body(body).post(path);
                String sent = new String(body, StandardCharsets.UTF_8);
                assertThat(answer.statusCode()).as("%s %s", path, sent).isBetween(200, 499);
                if (answer.statusCode() >= 400) {
                    assertThat(answer.jsonPath().getString("error")).as("%s %s", path, sent).isNotBlank();
                }
            }
        }
    }
}
