package dev.eventlane.ingest.logsh;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eventlane.ingest.BrokenBodies;
import dev.eventlane.ingest.EventsTopic;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.Source;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Logsh's {@code POST /api/event} on a real broker: the reference's example, its validation rules, its errors. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class LogshIngestTest {

    static final String KEY = "ll_testkeyA0000000000000000000000000000000000000000";
    /** The request body of Logsh's documentation, as printed there. */
    static final String DOCS_EXAMPLE = """
            {
            "workspace": "logsh",
            "event": "user.signup",
            "description": "User signed up for the newsletter.",
            "icon": "👤",
            "notify": false,
            "metadata": {
            "user_id": "12345",
            "plan": "pro"
            }
            }""";

    @BeforeAll
    static void topics() {
        Stack.get().kafka().createTopics(3, "events");
    }

    @Test
    void theDocumentedExampleIsStoredAsACanonicalEvent() {
        String id = given().auth().oauth2(KEY).contentType(ContentType.JSON).header("User-Agent", "logsh-js/1.0")
                .body(DOCS_EXAMPLE).post("/api/event")
                .then().statusCode(200).body("success", equalTo(true))
                .body("id", matchesPattern("evt_[0-9A-Za-z]{24}")).extract().path("id");

        Event stored = EventsTopic.read(List.of(id)).get(id);

        assertThat(stored.getProjectId()).isEqualTo("project-a");
        assertThat(stored.getSource()).isEqualTo(Source.LOGSH);
        assertThat(stored.getName()).isEqualTo("user.signup");
        assertThat(stored.getUserId()).isEqualTo("12345");
        assertThat(stored.getProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "user_id", "\"12345\"", "plan", "\"pro\"", "$workspace", "\"logsh\"",
                "$description", "\"User signed up for the newsletter.\"", "$icon", "\"👤\"", "$notify", "false"));
        assertThat(stored.getContext().getUserAgent()).isEqualTo("logsh-js/1.0");
    }

    @Test
    void workspacesAreCaseInsensitiveAndOptionalFieldsMayBeLeftOut() {
        String id = given().auth().oauth2(KEY).contentType(ContentType.JSON)
                .body("{\"workspace\":\"LogSH\",\"event\":\"deploy\",\"description\":\"v2 is out\"}")
                .post("/api/event").then().statusCode(200).extract().path("id");

        Event stored = EventsTopic.read(List.of(id)).get(id);

        assertThat(stored.getProperties()).containsEntry("$workspace", "\"logsh\"").containsEntry("$notify", "false")
                .doesNotContainKey("$icon");
        assertThat(stored.getUserId()).isNull();
    }

    @Test
    void aClientEventIdIsKeptSoThatARetryIsStoredOnce() {
        String clientId = "sdk-" + java.util.UUID.randomUUID();
        String body = "{\"workspace\":\"w\",\"event\":\"e\",\"description\":\"d\",\"event_id\":\"" + clientId + "\"}";
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body(body).post("/api/event")
                .then().statusCode(200).body("id", equalTo(clientId));

        assertThat(EventsTopic.read(List.of(clientId)).get(clientId).getName()).isEqualTo("e");
    }

    @ParameterizedTest
    @ValueSource(strings = {"🇩🇪", "👩‍💻", "1️⃣", "👍🏽", "❤️", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🚀", "©️"})
    void iconsAreSingleEmoji(String icon) {
        given().auth().oauth2(KEY).contentType(ContentType.JSON)
                .body(Map.of("workspace", "w", "event", "e", "description", "d", "icon", icon))
                .post("/api/event").then().statusCode(200);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{\"event\":\"e\",\"description\":\"d\"}", "workspace is required"),
                Arguments.of("{\"workspace\":\"\",\"event\":\"e\",\"description\":\"d\"}", "workspace"),
                Arguments.of("{\"workspace\":\"" + "w".repeat(36) + "\",\"event\":\"e\",\"description\":\"d\"}",
                        "at most 35"),
                Arguments.of("{\"workspace\":12,\"event\":\"e\",\"description\":\"d\"}", "workspace"),
                Arguments.of("{\"workspace\":\"w\",\"event\":\"" + "e".repeat(251) + "\",\"description\":\"d\"}",
                        "at most 250"),
                Arguments.of("{\"workspace\":\"w\",\"description\":\"d\"}", "event is required"),
                Arguments.of("{\"workspace\":\"w\",\"event\":\"e\"}", "description is required"),
                Arguments.of("{\"workspace\":\"w\",\"event\":\"e\",\"description\":\"" + "d".repeat(151) + "\"}",
                        "at most 150"),
                Arguments.of("{\"workspace\":\"w\",\"event\":\"e\",\"description\":\"d\",\"icon\":\"x\"}", "emoji"),
                Arguments.of("{\"workspace\":\"w\",\"event\":\"e\",\"description\":\"d\",\"icon\":\"👤👤\"}", "emoji"),
                Arguments.of("{\"workspace\":\"w\",\"event\":\"e\",\"description\":\"d\",\"icon\":\"\"}", "emoji"),
                Arguments.of("{\"workspace\":\"w\",\"event\":\"e\",\"description\":\"d\",\"icon\":5}", "emoji"),
                Arguments.of("{\"workspace\":\"w\",\"event\":\"e\",\"description\":\"d\",\"notify\":\"yes\"}",
                        "notify must be a boolean"),
                Arguments.of("{\"workspace\":\"w\",\"event\":\"e\",\"description\":\"d\",\"metadata\":[1]}",
                        "metadata must be an object"),
                Arguments.of("{\"workspace\":\"w\",\"event\":\"e\",\"description\":\"d\",\"metadata\":\"x\"}",
                        "metadata must be an object"),
                Arguments.of("{\"workspace\":\"w\",\"event\":\"e\",\"description\":\"d\",\"event_id\":7}",
                        "event_id must be a non-empty string"),
                Arguments.of("{\"workspace\":\"w\",\"event\":\"e\",\"description\":\"d\",\"event_id\":\""
                        + "i".repeat(257) + "\"}", "event_id must be at most 256"),
                Arguments.of("[]", "JSON object"),
                Arguments.of("{\"workspace\":", "not valid JSON"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void invalidBodiesAreBadRequestsInLogshsWords(String body, String detail) {
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body(body).post("/api/event")
                .then().statusCode(400).body("name", equalTo("bad_request"))
                .body("message", equalTo("Invalid body parameters provided.")).body("details", containsString(detail));
    }

    @Test
    void missingOrUnknownKeysAreUnauthorized() {
        given().contentType(ContentType.JSON).body(DOCS_EXAMPLE).post("/api/event").then().statusCode(401)
                .body("name", equalTo("unauthorized"))
                .body("message", equalTo("Your Bearer Token is missing, invalid or expired."));
        given().auth().oauth2("ll_unknown").contentType(ContentType.JSON).body(DOCS_EXAMPLE).post("/api/event")
                .then().statusCode(401).body("name", equalTo("unauthorized"));
    }

    /** Hundreds of generated broken bodies: each gets a 4xx in Logsh's error body, none a 5xx. */
    @Test
    void aCorpusOfBrokenBodiesNeverGetsA5xx() {
        String[] fields = {"workspace", "event", "description", "icon", "notify", "metadata"};
        for (byte[] body : BrokenBodies.corpus(DOCS_EXAMPLE, fields, item -> item, 300, 42)) {
            Response answer = given().auth().oauth2(KEY).contentType(ContentType.JSON).body(body).post("/api/event");
            String sent = new String(body, StandardCharsets.UTF_8);
            assertThat(answer.statusCode()).as("body %s", sent).isBetween(200, 499);
            if (answer.statusCode() >= 400) {
                assertThat(answer.jsonPath().getString("name")).as("body %s", sent).isNotBlank();
            }
        }
    }
}
