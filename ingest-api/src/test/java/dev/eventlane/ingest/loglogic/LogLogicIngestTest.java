package dev.eventlane.ingest.loglogic;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.ingest.EventsTopic;
import dev.eventlane.platform.time.ShiftedClock;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.Source;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;

@QuarkusTest
@QuarkusTestResource(StackResource.class)
class LogLogicIngestTest {

    /** "Now" as the services see it: moved by the clock sweep (see ShiftedClock). */
    private static final Clock CLOCK = ShiftedClock.fromSystemProperty();

    static final String KEY_A = "ll_testkeyA0000000000000000000000000000000000000000";

    @BeforeAll
    static void topics() {
        Stack.get().kafka().createTopics(3, "events");
    }

    @Test
    void singleEventIsInKafkaWithEveryFieldWhenAnswered() {
        String eventId = given().auth().oauth2(KEY_A).contentType(ContentType.JSON)
                .header("User-Agent", "ll-test/1.0")
                .body("""
                        {"action":"purchase","user_id":"usr_12345","funnel":"checkout","session_id":"s-1",
                         "platform":"iOS","timestamp":"2026-11-01T10:15:30.123+01:00",
                         "data":{"amount":49.99,"sku":"SHOE-42","tags":["a","b"],"n":null,
                                 "big":12345678901234567890.123456789,"cents":4999},"unknown":"ignored"}""")
                .post("/ingest")
                .then().statusCode(200)
                .body("ok", equalTo(true)).body("ingested", equalTo(1))
                .body("event_id", matchesPattern("evt_[0-9A-Za-z]{24}"))
                .extract().path("event_id");

        Event stored = EventsTopic.read(List.of(eventId)).get(eventId);

        assertThat(stored.getProjectId()).isEqualTo("project-a");
        assertThat(stored.getSource()).isEqualTo(Source.LOGLOGIC);
        assertThat(stored.getName()).isEqualTo("purchase");
        assertThat(stored.getUserId()).isEqualTo("usr_12345");
        assertThat(stored.getFunnel()).isEqualTo("checkout");
        assertThat(stored.getSessionId()).isEqualTo("s-1");
        assertThat(stored.getPlatform()).isEqualTo("iOS");
        assertThat(stored.getTimestamp()).isEqualTo(Instant.parse("2026-11-01T09:15:30.123Z"));
        assertThat(stored.getReceivedAt()).isCloseTo(CLOCK.instant(), within());
        assertThat(stored.getProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "amount", "49.99", "sku", "\"SHOE-42\"", "tags", "[\"a\",\"b\"]", "n", "null",
                "big", "12345678901234567890.123456789", "cents", "4999"));
        assertThat(stored.getContext().getUserAgent()).isEqualTo("ll-test/1.0");
        assertThat(stored.getContext().getIp()).isNotBlank();
    }

    @Test
    void batchAnswersEveryIdAndKeepsClientIds() {
        String body = """
                {"events":[
                  {"action":"app_open","user_id":"usr_1","funnel":"app"},
                  {"action":"search","user_id":"usr_1","funnel":"navigation","event_id":"client-id-1"},
                  {"action":"purchase","user_id":"usr_2","funnel":"checkout","data":{"amount":29.99}}]}""";

        List<String> ids = given().auth().oauth2(KEY_A).contentType(ContentType.JSON).body(body)
                .post("/ingest/batch")
                .then().statusCode(200)
                .body("ok", equalTo(true)).body("ingested", equalTo(3)).body("event_ids", hasSize(3))
                .extract().path("event_ids");

        assertThat(ids.get(1)).isEqualTo("client-id-1");
        Map<String, Event> stored = EventsTopic.read(ids);
        assertThat(stored.get(ids.get(0)).getName()).isEqualTo("app_open");
        assertThat(stored.get(ids.get(2)).getProperties()).containsEntry("amount", "29.99");
        // Server time when the client sends none.
        assertThat(stored.get(ids.get(0)).getTimestamp()).isCloseTo(CLOCK.instant(), within());
    }

    @Test
    void batchOfExactlyOneHundredIsAccepted() {
        String events = IntStream.range(0, LogLogicResource.MAX_BATCH)
                .mapToObj(i -> "{\"action\":\"a\",\"user_id\":\"u" + i + "\"}").collect(Collectors.joining(","));
        given().auth().oauth2(KEY_A).contentType(ContentType.JSON).body("{\"events\":[" + events + "]}")
                .post("/ingest/batch")
                .then().statusCode(200).body("ingested", equalTo(100));
    }

    private static org.assertj.core.data.TemporalUnitOffset within() {
        return org.assertj.core.api.Assertions.within(30, java.time.temporal.ChronoUnit.SECONDS);
    }
}
