package dev.eventlane.query.control;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.AlertRule;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.StackResource;

/** GoodLogs' {@code /v1/alerts} with API keys on the real stack: stored in PostgreSQL, published on Kafka. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class AlertRulesTest {

    private static final String ALERTS = "/v1/alerts";

    @Test
    void rulesAreCreatedListedReplacedAndDeletedAndReachTheRulesTopic() {
        Dashboard alice = Dashboard.signUp();
        String[] p = alice.orgWithProject("free");
        String key = knownKey(alice.key(p[0], p[1], "secret", null).getString("key"));

        JsonPath signups = created(key, Map.of("name", "Signup burst", "source", "events", "event", "signup",
                "window", "5m", "condition", "above", "threshold", 100, "enabled", true));
        String signupsId = signups.getString("id");
        assertThat(signups.getMap("$")).containsOnlyKeys("id", "name", "source", "event", "window", "condition",
                "threshold", "enabled", "created_at", "updated_at");
        assertThat(signups.getString("window")).isEqualTo("5m");
        assertThat(signups.getString("created_at")).isEqualTo(signups.getString("updated_at")).startsWith("20");
        JsonPath errors = created(key, Map.of("name", "  Errors  ", "source", "logs", "severity", "error",
                "window", "90s", "threshold", 0));
        String errorsId = errors.getString("id");
        assertThat(errors.getString("name")).isEqualTo("Errors");
        assertThat(errors.getString("severity")).isEqualTo("error");
        assertThat(errors.getString("condition")).isEqualTo("above");
        assertThat(errors.getBoolean("enabled")).isTrue();
        assertThat(errors.getString("window")).isEqualTo("90s");

        given().auth().oauth2(key).get(ALERTS).then().statusCode(200).body("alerts", hasSize(2))
                .body("alerts[0].id", equalTo(signupsId)).body("alerts[0].event", equalTo("signup"))
                .body("alerts[0]", not(hasKey("severity"))).body("alerts[1].id", equalTo(errorsId))
                .body("alerts[1]", not(hasKey("event")));

        JsonPath replaced = json(key).body(Map.of("name", "Quiet signups", "source", "events", "event", "signup",
                "window", "3600s", "condition", "below", "threshold", 3, "enabled", false))
                .put(ALERTS + "/" + signupsId).then().statusCode(200).extract().jsonPath();
        assertThat(replaced.getString("id")).isEqualTo(signupsId);
        assertThat(replaced.getString("window")).isEqualTo("1h");
        assertThat(replaced.getString("condition")).isEqualTo("below");
        assertThat(replaced.getBoolean("enabled")).isFalse();
        assertThat(replaced.getString("created_at")).isEqualTo(signups.getString("created_at"));
        assertThat(Instant.parse(replaced.getString("updated_at")))
                .isAfterOrEqualTo(Instant.parse(signups.getString("updated_at")));

        given().auth().oauth2(key).delete(ALERTS + "/" + errorsId).then().statusCode(200)
                .body("id", equalTo(errorsId)).body("deleted", equalTo(true));
        given().auth().oauth2(key).get(ALERTS).then().statusCode(200).body("alerts", hasSize(1))
                .body("alerts[0].name", equalTo("Quiet signups"));
        given().auth().oauth2(key).delete(ALERTS + "/" + errorsId).then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        json(key).body(Map.of("name", "x", "source", "logs", "severity", "warn", "window", "1m", "threshold", 1))
                .put(ALERTS + "/" + errorsId).then().statusCode(404);

        Map<String, Optional<AlertRule>> onTopic = new HashMap<>();
        String signupsKey = RecordKeys.owned(p[1], signupsId);
        String errorsKey = RecordKeys.owned(p[1], errorsId);
        try (KafkaConsumer<String, AlertRule> rules = CompactedTopics.fromStart(Topics.ALERT_RULES,
                EventlaneSerdes.alertRule().deserializer())) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                rules.poll(Duration.ofMillis(200)).forEach(r -> onTopic.put(r.key(), Optional.ofNullable(r.value())));
                assertThat(onTopic.get(signupsKey)).contains(new AlertRule(signupsId, p[1], "Quiet signups",
                        "events", "signup", 3_600_000L, "below", 3L, false, null, null, "count"));
                assertThat(onTopic.get(errorsKey)).isEmpty();
            });
        }
    }

    @Test
    void badInputIsA400NamingTheField() {
        Dashboard alice = Dashboard.signUp();
        String[] p = alice.orgWithProject("free");
        String key = knownKey(alice.key(p[0], p[1], "secret", null).getString("key"));
        Map<String, Object> valid = Map.of("name", "Errors", "source", "logs", "severity", "error", "window", "1m",
                "threshold", 5);
        List<Map<String, Object>> invalid = List.of(
                without(valid, "name"), with(valid, "name", " "), with(valid, "name", "n".repeat(201)),
                with(valid, "name", 7), with(valid, "source", "metrics"), without(valid, "source"),
                without(valid, "severity"), with(valid, "severity", "warning"), with(valid, "severity", 4),
                with(valid, "event", "signup"), with(valid, "window", "5s"), with(valid, "window", "25h"),
                with(valid, "window", "1d"), with(valid, "window", "60"), with(valid, "window", 60),
                with(valid, "window", "-1m"), with(valid, "window", "9999999s"), without(valid, "window"),
                with(valid, "condition", "equals"), with(valid, "threshold", -1), with(valid, "threshold", 1.5),
                with(valid, "threshold", "5"), with(valid, "threshold", 1e30),
                with(valid, "threshold", BigInteger.TEN.pow(30)), without(valid, "threshold"),
                with(valid, "enabled", "yes"),
                Map.of("name", "Signups", "source", "events", "window", "1m", "threshold", 1),
                Map.of("name", "Signups", "source", "events", "event", "", "window", "1m", "threshold", 1),
                Map.of("name", "Signups", "source", "events", "event", "e".repeat(257), "window", "1m",
                        "threshold", 1));
        for (Map<String, Object> body : invalid) {
            json(key).body(body).post(ALERTS).then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"));
        }
        for (String body : List.of("{not json", "[]", "42", "\"rule\"", "")) {
            json(key).body(body).post(ALERTS).then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"));
        }
        json(key).body(with(valid, "window", "5s")).post(ALERTS).then().statusCode(400)
                .body("error.message", equalTo("window must be a duration such as 30s, 5m or 1h, from 10s to 24h"));

        String id = created(key, with(with(valid, "window", "10s"), "unknown", List.of(1))).getString("id");
        created(key, with(valid, "window", "24h"));
        json(key).body(with(valid, "threshold", -1)).put(ALERTS + "/" + id).then().statusCode(400);
        json(key).body("{not json").put(ALERTS + "/" + id).then().statusCode(400);
        given().auth().oauth2(key).get(ALERTS).then().body("alerts[0].threshold", equalTo(5))
                .body("alerts[0].window", equalTo("10s")).body("alerts[1].window", equalTo("24h"));
    }

    @Test
    void keysWithoutTheScopeOrWithoutValidityAreRefused() {
        Dashboard alice = Dashboard.signUp();
        String[] p = alice.orgWithProject("free");
        String dataOnly = knownKey(alice.key(p[0], p[1], "secret", List.of("data:read")).getString("key"));
        String readOnly = knownKey(alice.key(p[0], p[1], "secret", List.of("alerts:read")).getString("key"));
        String publicKey = knownKey(alice.key(p[0], p[1], "public", null).getString("key"));
        Map<String, Object> rule = Map.of("name", "Errors", "source", "logs", "severity", "error", "window", "1m",
                "threshold", 5);

        given().auth().oauth2(dataOnly).get(ALERTS).then().statusCode(403).body("error.code", equalTo("FORBIDDEN"));
        given().auth().oauth2(publicKey).get(ALERTS).then().statusCode(403).body("error.code", equalTo("FORBIDDEN"));
        given().auth().oauth2(readOnly).get(ALERTS).then().statusCode(200).body("alerts", hasSize(0));
        json(readOnly).body(rule).post(ALERTS).then().statusCode(403).body("error.code", equalTo("FORBIDDEN"));
        given().auth().oauth2(readOnly).delete(ALERTS + "/" + UUID.randomUUID()).then().statusCode(403);

        given().get(ALERTS).then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
        given().auth().oauth2("gl_sk_eu_" + "x".repeat(48)).get(ALERTS).then().statusCode(401)
                .body("error.code", equalTo("UNAUTHORIZED"));
        given().contentType(ContentType.JSON).body(rule).post(ALERTS).then().statusCode(401);
    }

    @Test
    void anotherProjectsRulesDoNotExistForAKey() {
        Dashboard alice = Dashboard.signUp();
        String[] a = alice.orgWithProject("free");
        String aliceKey = knownKey(alice.key(a[0], a[1], "secret", null).getString("key"));
        Dashboard mallory = Dashboard.signUp();
        String[] m = mallory.orgWithProject("free");
        String malloryKey = knownKey(mallory.key(m[0], m[1], "secret", null).getString("key"));
        Map<String, Object> rule = Map.of("name", "Signups", "source", "events", "event", "signup", "window", "1m",
                "threshold", 5);
        String id = created(aliceKey, rule).getString("id");

        given().auth().oauth2(malloryKey).get(ALERTS).then().statusCode(200).body("alerts", hasSize(0));
        json(malloryKey).body(with(rule, "name", "pwned")).put(ALERTS + "/" + id).then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        given().auth().oauth2(malloryKey).delete(ALERTS + "/" + id).then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        given().auth().oauth2(malloryKey).delete(ALERTS + "/not-an-id").then().statusCode(404);
        given().auth().oauth2(aliceKey).get(ALERTS).then().body("alerts", hasSize(1))
                .body("alerts[0].name", equalTo("Signups"));
    }

    /** The key, once query-api has read its grant from the keys topic. */
    private static String knownKey(String key) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().auth().oauth2(key).get(ALERTS).then()
                .statusCode(not(equalTo(401))));
        return key;
    }

    private static JsonPath created(String key, Map<String, Object> body) {
        return json(key).body(body).post(ALERTS).then().statusCode(201).extract().jsonPath();
    }

    private static RequestSpecification json(String key) {
        return given().auth().oauth2(key).contentType(ContentType.JSON);
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.put(field, value);
        return changed;
    }

    private static Map<String, Object> without(Map<String, Object> body, String field) {
        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.remove(field);
        return changed;
    }
}
