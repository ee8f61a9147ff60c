package dev.eventlane.query.control;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.AlertRule;
import dev.eventlane.schemas.RulePredicate;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.StackResource;

/**
 * {@code /v1/alerts} rules whose condition is a GQL query, on the real stack: checked against the alert subset
 * (errors with their position), stored in PostgreSQL, published on Kafka with the compiled filter.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class GqlAlertRulesTest {

    private static final String ALERTS = "/v1/alerts";
    private static final String BILLING_ERRORS = "severity:error service:billing | count | last 5m";

    @Test
    void aGqlRuleIsStoredShownAndPublishedWithItsCompiledFilter() {
        Dashboard alice = Dashboard.signUp();
        String[] p = alice.orgWithProject("free");
        String key = knownKey(alice.key(p[0], p[1], "secret", null).getString("key"));

        JsonPath created = json(key).body(Map.of("name", "Billing errors", "query", "  " + BILLING_ERRORS + " ",
                "threshold", 3, "project_id", "someone-else")).post(ALERTS).then().statusCode(201).extract()
                .jsonPath();
        String id = created.getString("id");
        assertThat(created.getMap("$")).containsOnlyKeys("id", "name", "source", "query", "window", "condition",
                "threshold", "enabled", "created_at", "updated_at");
        assertThat(created.getString("query")).isEqualTo(BILLING_ERRORS);
        assertThat(created.getString("source")).isEqualTo("logs");
        assertThat(created.getString("window")).isEqualTo("5m");
        assertThat(created.getString("condition")).isEqualTo("above");

        String purchases = "from:events event:purchase | where amount > 100 OR plan in ('pro', 'team') | last:1h";
        json(key).body(Map.of("name", "Big purchases", "query", purchases, "condition", "below", "threshold", 1))
                .put(ALERTS + "/" + id).then().statusCode(200).body("source", equalTo("events"))
                .body("window", equalTo("1h")).body("query", equalTo(purchases));
        given().auth().oauth2(key).get(ALERTS).then().statusCode(200).body("alerts", hasSize(1))
                .body("alerts[0].query", equalTo(purchases)).body("alerts[0].condition", equalTo("below"));

        RulePredicate expected = node("and", leaf("eq", "name", null, false, "purchase"), node("or",
                leaf("gt", null, "amount", true, "100"), leaf("in", null, "plan", false, "pro", "team")));
        Map<String, Optional<AlertRule>> onTopic = new HashMap<>();
        String ruleKey = RecordKeys.owned(p[1], id);
        try (KafkaConsumer<String, AlertRule> rules = CompactedTopics.fromStart(Topics.ALERT_RULES,
                EventlaneSerdes.alertRule().deserializer())) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                rules.poll(Duration.ofMillis(200)).forEach(r -> onTopic.put(r.key(), Optional.ofNullable(r.value())));
                assertThat(onTopic.get(ruleKey)).contains(new AlertRule(id, p[1], "Big purchases", "events", "",
                        3_600_000L, "below", 1L, true, purchases, expected, "count"));
            });
        }
    }

    @Test
    void aConditionOutsideTheAlertSubsetIsRefusedWithItsPosition() {
        Dashboard alice = Dashboard.signUp();
        String[] p = alice.orgWithProject("free");
        String key = knownKey(alice.key(p[0], p[1], "secret", null).getString("key"));
        Map<String, Integer> unprocessable = new LinkedHashMap<>();
        unprocessable.put("severity:error | count by message | last 5m", 23);
        unprocessable.put("from:alert_events | count | last 5m", 5);
        unprocessable.put("count_distinct(distinct_id) | last 5m", 0);
        unprocessable.put("from:logs | count_distinct(distinct_id) | last 5m", 12);
        unprocessable.put("from:events | count_distinct(session_id) | last 5m", 29);
        unprocessable.put("from:events | count distinct $browser | last 5m", 29);
        unprocessable.put("from:events | count_distinct(amount) | last 5m", 29);
        unprocessable.put("from:events | count_distinct(distinct_id) by $browser | last 5m", 42);
        unprocessable.put("from:events | sum(amount) | last 5m", 14);
        unprocessable.put("severity:error | count | since 2026-12-01", 25);
        unprocessable.put("severity:error | count | between 2026-12-01 and 2026-12-02", 25);
        unprocessable.put("severity:error | count | top 10 | last 5m", 25);
        unprocessable.put("severity:error | sort count desc | last 5m", 17);
        unprocessable.put("severity:error limit 5 last 5m", 15);
        unprocessable.put("severity:error | count", 22);
        unprocessable.put("severity:error | count | last 5s", 25);
        unprocessable.put("severity:error | count | last 2d", 25);
        unprocessable.put("from:metrics | count | last 5m", 5);
        unprocessable.put("severity:error | last 5m | last 10m", 27);
        for (Map.Entry<String, Integer> query : unprocessable.entrySet()) {
            json(key).body(Map.of("name", "x", "query", query.getKey(), "threshold", 1)).post(ALERTS).then()
                    .statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.message", containsString("position " + query.getValue() + ":"));
        }
        json(key).body(Map.of("name", "x", "query", "severity:error | count | last 25h", "threshold", 1))
                .post(ALERTS).then().statusCode(422).body("error.message", equalTo(
                        "GQL error at position 25: an alert condition's window is from 10s to 24h, not 25h"));

        json(key).body(Map.of("name", "x", "query", "severity:error | count ((", "threshold", 1)).post(ALERTS)
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", containsString("GQL syntax error at position "));
        String manyConditions = "where " + "a = 1 AND ".repeat(64) + "a = 1 | last 5m";
        json(key).body(Map.of("name", "x", "query", manyConditions, "threshold", 1)).post(ALERTS).then()
                .statusCode(422).body("error.message", containsString("at most 64 conditions"));
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("name", "x", "query", 42, "threshold", 1),
                Map.of("name", "x", "query", "", "threshold", 1),
                Map.of("name", "x", "query", BILLING_ERRORS, "source", "logs", "threshold", 1),
                Map.of("name", "x", "query", BILLING_ERRORS, "severity", "error", "threshold", 1),
                Map.of("name", "x", "query", BILLING_ERRORS, "window", "5m", "threshold", 1),
                Map.of("name", "x", "query", BILLING_ERRORS),
                Map.of("query", BILLING_ERRORS, "threshold", 1))) {
            json(key).body(body).post(ALERTS).then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"));
        }
        given().auth().oauth2(key).get(ALERTS).then().statusCode(200).body("alerts", hasSize(0));
        json(key).body(Map.of("name", "Searches", "query", "'timeout' from:logs last 10s", "threshold", 0))
                .post(ALERTS).then().statusCode(201).body("source", equalTo("logs")).body("window", equalTo("10s"));
    }

    @Test
    void aDistinctUsersConditionIsPublishedWithItsAggregationAndItsThresholdIsCapped() {
        Dashboard alice = Dashboard.signUp();
        String[] p = alice.orgWithProject("free");
        String key = knownKey(alice.key(p[0], p[1], "secret", null).getString("key"));
        String signups = "from:events event:signup | count_distinct(distinct_id) | last 1h";
        String id = json(key).body(Map.of("name", "Signups", "query", signups, "threshold", 100_000)).post(ALERTS)
                .then().statusCode(201).body("source", equalTo("events")).body("window", equalTo("1h"))
                .body("query", equalTo(signups)).extract().jsonPath().getString("id");
        String reference = "count distinct $distinct_id from:events | last 1d";
        String other = json(key).body(Map.of("name", "Users", "query", reference, "threshold", 3)).post(ALERTS)
                .then().statusCode(201).body("window", equalTo("24h")).extract().jsonPath().getString("id");

        json(key).body(Map.of("name", "Signups", "query", signups, "threshold", 100_001)).put(ALERTS + "/" + id)
                .then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR")).body("error.message",
                        equalTo("threshold of a count_distinct condition is at most 100000, not 100001"));
        json(key).body(Map.of("name", "Signups", "query", "from:events event:signup | count | last 1h",
                "threshold", 100_001)).post(ALERTS).then().statusCode(201);

        Map<String, Optional<AlertRule>> onTopic = new HashMap<>();
        RulePredicate signup = leaf("eq", "name", null, false, "signup");
        try (KafkaConsumer<String, AlertRule> rules = CompactedTopics.fromStart(Topics.ALERT_RULES,
                EventlaneSerdes.alertRule().deserializer())) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                rules.poll(Duration.ofMillis(200)).forEach(r -> onTopic.put(r.key(), Optional.ofNullable(r.value())));
                assertThat(onTopic.get(RecordKeys.owned(p[1], id))).contains(new AlertRule(id, p[1], "Signups",
                        "events", "", 3_600_000L, "above", 100_000L, true, signups, signup, "count_distinct"));
                assertThat(onTopic.get(RecordKeys.owned(p[1], other))).hasValueSatisfying(rule -> {
                    assertThat(rule.getAggregation()).isEqualTo("count_distinct");
                    assertThat(rule.getFilter()).isNull();
                });
            });
        }
    }

    @Test
    void anotherProjectsGqlRulesDoNotExistForAKey() {
        Dashboard alice = Dashboard.signUp();
        String[] a = alice.orgWithProject("free");
        String aliceKey = knownKey(alice.key(a[0], a[1], "secret", null).getString("key"));
        Dashboard mallory = Dashboard.signUp();
        String[] m = mallory.orgWithProject("free");
        String malloryKey = knownKey(mallory.key(m[0], m[1], "secret", null).getString("key"));
        String id = json(aliceKey).body(Map.of("name", "Billing errors", "query", BILLING_ERRORS, "threshold", 3))
                .post(ALERTS).then().statusCode(201).extract().jsonPath().getString("id");

        given().auth().oauth2(malloryKey).get(ALERTS).then().statusCode(200).body("alerts", hasSize(0));
        json(malloryKey).body(Map.of("name", "pwned", "query", BILLING_ERRORS, "threshold", 0))
                .put(ALERTS + "/" + id).then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        given().auth().oauth2(malloryKey).delete(ALERTS + "/" + id).then().statusCode(404);
        given().auth().oauth2(aliceKey).get(ALERTS).then().body("alerts", hasSize(1))
                .body("alerts[0].name", equalTo("Billing errors")).body("alerts[0].threshold", equalTo(3));
    }

    private static RulePredicate leaf(String op, String column, String property, boolean numeric,
            String... values) {
        return RulePredicate.newBuilder().setOp(op).setColumn(column).setProperty(property).setNumeric(numeric)
                .setValues(List.of(values)).build();
    }

    private static RulePredicate node(String op, RulePredicate... children) {
        return RulePredicate.newBuilder().setOp(op).setChildren(List.of(children)).build();
    }

    /** The key, once query-api has read its grant from the keys topic. */
    private static String knownKey(String key) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().auth().oauth2(key).get(ALERTS).then()
                .statusCode(not(equalTo(401))));
        return key;
    }

    private static RequestSpecification json(String key) {
        return given().auth().oauth2(key).contentType(ContentType.JSON);
    }
}
