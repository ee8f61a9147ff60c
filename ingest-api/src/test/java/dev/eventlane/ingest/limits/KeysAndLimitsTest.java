package dev.eventlane.ingest.limits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.ingest.IssuedKeys;
import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.platform.time.ShiftedClock;
import dev.eventlane.schemas.KeyType;
import dev.eventlane.schemas.UsageCount;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;

/**
 * Keys issued by the control plane (published here on its topic, as query-api does) and the plan's limits, on a
 * real broker. In tests the community plan allows 10 events a minute and 14,400 a day.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class KeysAndLimitsTest {

    /** "Now" as the services see it: moved by the clock sweep (see ShiftedClock). */
    private static final Clock CLOCK = ShiftedClock.fromSystemProperty();

    private static final String EVENT = "{\"action\":\"app_open\",\"user_id\":\"u1\"}";
    private static KafkaProducer<String, UsageCount> usage;

    @BeforeAll
    static void producers() {
        Stack.get().kafka().createTopics(3, "events");
        Stack.get().kafka().createTopics(1, Topics.API_KEYS);
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Stack.get().kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
        usage = new KafkaProducer<>(props, new StringSerializer(), EventlaneSerdes.usageCount().serializer());
    }

    @AfterAll
    static void close() {
        usage.close();
    }

    @Test
    void everyAnswerCarriesTheLimitAndTheMinuteRunsOutWith429() {
        String key = IssuedKeys.issue(project(), "community", KeyType.SECRET, Scopes.ALL, KeysAndLimitsTest::known);
        Response first = send(key, EVENT);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.header("X-RateLimit-Limit")).isEqualTo("10");
        assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("9");
        long reset = Long.parseLong(first.header("X-RateLimit-Reset"));
        assertThat(reset).isBetween(Instant.now().getEpochSecond(), Instant.now().getEpochSecond() + 61);

        // A batch of 9 takes the rest; the next event is refused.
        String nine = "{\"events\":[" + String.join(",", java.util.Collections.nCopies(9, EVENT)) + "]}";
        given().auth().oauth2(key).contentType(ContentType.JSON).body(nine).post("/ingest/batch").then()
                .statusCode(200).header("X-RateLimit-Remaining", "0");
        Response refused = send(key, EVENT);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.jsonPath().getString("error")).isEqualTo("rate_limited");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        // A bad body after authentication still tells the client where it stands.
        Response bad = given().auth().oauth2(key).contentType(ContentType.JSON).body("{").post("/ingest");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.header("X-RateLimit-Limit")).isEqualTo("10");
    }

    @Test
    void eventsAcceptedByAnotherInstanceComeOutOfTheSameMinute() {
        String project = project();
        String key = IssuedKeys.issue(project, "community", KeyType.SECRET, Scopes.ALL, KeysAndLimitsTest::known);
        assertThat(send(key, EVENT).header("X-RateLimit-Remaining")).isEqualTo("9");
        reportPeerUsage(project, "peer-" + UUID.randomUUID(), 9);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(send(key, EVENT).statusCode())
                .isEqualTo(429));
    }

    @Test
    void aSpentDayIsRefusedWith402() {
        String project = project();
        String key = IssuedKeys.issue(project, "community", KeyType.SECRET, Scopes.ALL, KeysAndLimitsTest::known);
        reportPeerUsage(project, "peer-" + UUID.randomUUID(), 14_400);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Response refused = send(key, EVENT);
            assertThat(refused.statusCode()).isEqualTo(402);
            assertThat(refused.jsonPath().getString("error")).isEqualTo("quota_exceeded");
        });
    }

    @Test
    void keysAreHeldToScopesAndRevocationWithinOneSecond() {
        String project = project();
        String publicKey = IssuedKeys.issue(project, "free", KeyType.PUBLIC, List.of(Scopes.INGEST_WRITE), KeysAndLimitsTest::known);
        String readOnly = IssuedKeys.issue(project, "free", KeyType.SECRET, List.of(Scopes.DATA_READ), KeysAndLimitsTest::known);
        assertThat(send(readOnly, EVENT).statusCode()).isEqualTo(403);
        given().auth().oauth2(readOnly).contentType(ContentType.JSON).body(EVENT).post("/ingest").then()
                .body("error", equalTo("forbidden"));

        IssuedKeys.grant(publicKey, project, "free", KeyType.PUBLIC, List.of(Scopes.INGEST_WRITE), true);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(send(publicKey, EVENT).statusCode()).isEqualTo(401));
    }

    /** Whether ingest knows the key: a request with it is no longer refused as unknown. */
    private static boolean known(String key) {
        return send(key, "{").statusCode() != 401;
    }

    private static void reportPeerUsage(String project, String instance, long events) {
        LocalDate today = LocalDate.now(CLOCK);
        join(usage.send(new ProducerRecord<>(Topics.USAGE, RecordKeys.usage(project, today, instance),
                new UsageCount(project, today, instance, events, null, null))));
    }

    private static Response send(String key, String body) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(body).post("/ingest");
    }

    private static String project() {
        return "project-" + UUID.randomUUID();
    }

    private static void join(java.util.concurrent.Future<?> sent) {
        try {
            sent.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
