package dev.eventlane.query.control;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.eventlane.platform.webhooks.TestDeliveries;
import dev.eventlane.query.analytics.rest.TestData;
import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;

/** Webhook endpoints through the dashboard API on real PostgreSQL: plan-gated, validated, tenant-bound. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class WebhooksTest {

    @Test
    void createdWithTheSecretShownOnceListedWithoutItDeleted() {
        Dashboard owner = Dashboard.signUp();
        String[] p = owner.orgWithProject("supporter");
        String path = webhooks(p);

        JsonPath created = owner.post(path, Map.of("url", "https://hooks.example.com/eventlane"));
        String id = created.getString("id");
        assertThat(created.getString("secret")).matches("whsec_[0-9A-Za-z]{48}");
        assertThat(created.getList("kinds"))
                .containsExactly("churn_spike", "revenue_drop", "alert", "notify");
        owner.post(path, Map.of("url", "http://10.0.0.8:9000/in", "kinds", List.of("notify", "notify")));

        given().auth().oauth2(owner.jwt).get(path).then().statusCode(200).body("webhooks", hasSize(2))
                .body("webhooks[0].id", equalTo(id)).body("webhooks[0]", not(hasKey("secret")))
                .body("webhooks[1].kinds", equalTo(List.of("notify")));
        given().auth().oauth2(owner.jwt).delete(path + "/" + id).then().statusCode(200)
                .body("deleted_at", matchesPattern("\\d{4}-.*"));
        given().auth().oauth2(owner.jwt).get(path).then().body("webhooks", hasSize(1));
    }

    @Test
    void plansWithoutWebhooksBadInputAndOtherTenantsAreRefused() {
        Dashboard owner = Dashboard.signUp();
        String[] free = owner.orgWithProject("free");
        given().auth().oauth2(owner.jwt).contentType(ContentType.JSON).body(Map.of("url", "https://a.example"))
                .post(webhooks(free)).then().statusCode(402).body("error.code", equalTo("PLAN_UPGRADE_REQUIRED"));

        String[] paid = owner.orgWithProject("brother");
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of(), Map.of("url", "ftp://a.example/x"),
                Map.of("url", "/relative"), Map.of("url", "https://a.example", "kinds", List.of("everything")),
                Map.of("url", "https://a.example", "kinds", List.of()), Map.of("url", "https://" + "a".repeat(2100)))) {
            given().auth().oauth2(owner.jwt).contentType(ContentType.JSON).body(body).post(webhooks(paid))
                    .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"));
        }

        String id = owner.post(webhooks(paid), Map.of("url", "https://a.example")).getString("id");
        Dashboard stranger = Dashboard.signUp();
        given().auth().oauth2(stranger.jwt).get(webhooks(paid)).then().statusCode(404);
        given().auth().oauth2(stranger.jwt).delete(webhooks(paid) + "/" + id).then().statusCode(404);
        given().get(webhooks(paid)).then().statusCode(401);
        given().auth().oauth2(owner.jwt).get(webhooks(paid)).then().body("webhooks", hasSize(1));
    }

    @Test
    void aProjectHasAtMostTwentyEndpoints() {
        Dashboard owner = Dashboard.signUp();
        String[] p = owner.orgWithProject("supporter");
        String first = null;
        for (int i = 0; i < 20; i++) {
            String id = owner.post(webhooks(p), Map.of("url", "https://hooks.example.com/" + i)).getString("id");
            first = first == null ? id : first;
        }
        given().auth().oauth2(owner.jwt).contentType(ContentType.JSON).body(Map.of("url", "https://a.example/21"))
                .post(webhooks(p)).then().statusCode(409).body("error.code", equalTo("WEBHOOK_LIMIT_REACHED"));
        given().auth().oauth2(owner.jwt).delete(webhooks(p) + "/" + first).then().statusCode(200);
        owner.post(webhooks(p), Map.of("url", "https://a.example/21"));
        // Another project of the same owner has its own allowance.
        owner.post(webhooks(owner.orgWithProject("supporter")), Map.of("url", "https://a.example/other"));
    }

    @Test
    void endpointsReachTheStreamProcessorsWithTheirThresholdsAndLeaveAsTombstones() {
        Dashboard owner = Dashboard.signUp();
        String[] p = owner.orgWithProject("supporter");
        JsonPath created = owner.post(webhooks(p), Map.of("url", "https://hooks.example.com/t",
                "kinds", List.of("churn_spike"), "churn_threshold_pct", 25.5));
        String id = created.getString("id");
        assertThat(created.getDouble("churn_threshold_pct")).isEqualTo(25.5);
        assertThat(created.getDouble("revenue_drop_pct")).isEqualTo(30.0);
        given().auth().oauth2(owner.jwt).contentType(ContentType.JSON)
                .body(Map.of("url", "https://a.example", "churn_threshold_pct", 101)).post(webhooks(p))
                .then().statusCode(400).body("error.message", containsString("churn_threshold_pct"));

        Map<String, WebhookEndpoint> topic = new HashMap<>();
        String key = RecordKeys.owned(p[1], id);
        readUntil(topic, () -> topic.get(key) != null);
        WebhookEndpoint endpoint = topic.get(key);
        assertThat(endpoint.getUrl()).isEqualTo("https://hooks.example.com/t");
        assertThat(endpoint.getKinds()).containsExactly("churn_spike");
        assertThat(endpoint.getSecret()).isEqualTo(created.getString("secret"));
        assertThat(endpoint.getChurnThresholdPct()).isEqualTo(25.5);

        given().auth().oauth2(owner.jwt).delete(webhooks(p) + "/" + id).then().statusCode(200);
        readUntil(topic, () -> topic.containsKey(key) && topic.get(key) == null);
    }

    @Test
    void deliveryLogShowsTheEndpointsOwnAttemptsNewestFirst() {
        Dashboard owner = Dashboard.signUp();
        String[] p = owner.orgWithProject("brother");
        String id = owner.post(webhooks(p), Map.of("url", "https://hooks.example.com/log")).getString("id");
        String other = owner.post(webhooks(p), Map.of("url", "https://hooks.example.com/other")).getString("id");
        long t0 = 1_795_000_000_000L;
        TestData.webhookAttempts()
                .add(p[1], id, "msg_1", "a1", "churn_spike", 1, t0, 500, 120, "HTTP 500", "retrying", t0 + 10_000, 0, 0)
                .add(p[1], id, "msg_1", "a1", "churn_spike", 2, t0 + 10_000, 200, 80, "", "delivered", 0, 0, 1)
                .add(p[1], other, "msg_2", "a1", "churn_spike", 1, t0, 200, 50, "", "delivered", 0, 0, 2)
                .insert();

        JsonPath log = given().auth().oauth2(owner.jwt).get(webhooks(p) + "/" + id + "/deliveries").then()
                .statusCode(200).extract().jsonPath();
        assertThat(log.getList("deliveries.attempt")).containsExactly(2, 1);
        assertThat(log.getList("deliveries.outcome")).containsExactly("delivered", "retrying");
        assertThat(log.getList("deliveries.status")).containsExactly(200, 500);
        assertThat(log.getString("deliveries[1].error")).isEqualTo("HTTP 500");
        assertThat(log.getString("deliveries[1].next_attempt_at")).isEqualTo("2026-11-18T11:06:50Z");
        assertThat(log.getString("deliveries[0].delivery_id")).isEqualTo("msg_1");
        given().auth().oauth2(owner.jwt).get(webhooks(p) + "/" + id + "/deliveries?limit=1").then()
                .body("deliveries", hasSize(1));
        given().auth().oauth2(owner.jwt).get(webhooks(p) + "/" + id + "/deliveries?limit=0").then()
                .statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"));
        given().auth().oauth2(Dashboard.signUp().jwt).get(webhooks(p) + "/" + id + "/deliveries").then()
                .statusCode(404);
    }

    @Test
    void deliveryLogShowsNoAddressOrClassNameOfAnOlderDispatcher() {
        Dashboard owner = Dashboard.signUp();
        String[] p = owner.orgWithProject("brother");
        String id = owner.post(webhooks(p), Map.of("url", "https://hooks.example.com/old")).getString("id");
        long t0 = 1_795_000_000_000L;
        TestData.webhookAttempts()
                .add(p[1], id, "msg_1", "a1", "alert", 1, t0, 0, 3, "ConnectException: 10.0.0.8:5432 refused",
                        "retrying", t0 + 10_000, 0, 0)
                .add(p[1], id, "msg_1", "a1", "alert", 2, t0 + 10_000, 0, 5000, "timeout", "retrying",
                        t0 + 30_000, 0, 1)
                .insert();
        JsonPath log = given().auth().oauth2(owner.jwt).get(webhooks(p) + "/" + id + "/deliveries").then()
                .statusCode(200).extract().jsonPath();
        assertThat(log.getList("deliveries.error")).containsExactly("timeout", "delivery failed");
    }

    @Test
    void aTestDeliveryIsRaisedOnTheAlertsTopicForThatEndpointOnlyByItsOwners() throws Exception {
        Stack.get().kafka().createTopics(6, Topics.ALERTS);
        Dashboard owner = Dashboard.signUp();
        String[] p = owner.orgWithProject("supporter");
        String id = owner.post(webhooks(p), Map.of("url", "https://hooks.example.com/test", "kinds",
                List.of("revenue_drop"))).getString("id");

        JsonPath sent = given().auth().oauth2(owner.jwt).post(webhooks(p) + "/" + id + "/test").then()
                .statusCode(202).extract().jsonPath();
        assertThat(sent.getString("kind")).isEqualTo("test");
        assertThat(sent.getString("webhook_id")).isEqualTo(id);
        String alertId = sent.getString("alert_id");
        assertThat(alertId).startsWith("test_");
        assertThat(sent.getString("delivery_id")).isEqualTo(TestDeliveries.deliveryId(alertId, id));

        Alert alert = alertOnTopic(p[1], alertId);
        assertThat(alert.getKind()).isEqualTo("test");
        assertThat(alert.getEndpointId()).isEqualTo(id);
        JsonNode payload = new ObjectMapper().readTree(alert.getPayload());
        assertThat(payload.get("event").asText()).isEqualTo("test");
        assertThat(payload.get("webhook_id").asText()).isEqualTo(id);
        assertThat(payload.get("triggered_at").asText()).isEqualTo(sent.getString("triggered_at"));

        // Someone else's endpoint, an unknown or deleted one, a member who is not an owner, a plan without webhooks.
        Dashboard stranger = Dashboard.signUp();
        given().auth().oauth2(stranger.jwt).post(webhooks(p) + "/" + id + "/test").then().statusCode(404);
        given().post(webhooks(p) + "/" + id + "/test").then().statusCode(401);
        given().auth().oauth2(owner.jwt).post(webhooks(p) + "/not-an-id/test").then().statusCode(404);
        String org = "/api/orgs/" + p[0];
        String token = owner.post(org + "/invitations", Map.of()).getString("token");
        Dashboard member = Dashboard.signUp();
        given().auth().oauth2(member.jwt).contentType(ContentType.JSON).body(Map.of("token", token))
                .post("/api/invitations/accept").then().statusCode(200);
        given().auth().oauth2(member.jwt).post(webhooks(p) + "/" + id + "/test").then().statusCode(403);
        Dashboard.operator().setPlan(p[1], "free");
        given().auth().oauth2(owner.jwt).post(webhooks(p) + "/" + id + "/test").then().statusCode(402)
                .body("error.code", equalTo("PLAN_UPGRADE_REQUIRED"));
        Dashboard.operator().setPlan(p[1], "supporter");
        given().auth().oauth2(owner.jwt).delete(webhooks(p) + "/" + id).then().statusCode(200);
        given().auth().oauth2(owner.jwt).post(webhooks(p) + "/" + id + "/test").then().statusCode(404);
    }

    /** The alert of that id on the alerts topic, keyed by its project. */
    private static Alert alertOnTopic(String project, String alertId) {
        Map<String, Alert> seen = new HashMap<>();
        try (KafkaConsumer<String, Alert> consumer = CompactedTopics.fromStart(Topics.ALERTS,
                EventlaneSerdes.alert().deserializer())) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key().equals(project)) {
                        seen.put(r.value().getAlertId(), r.value());
                    }
                });
                return seen.containsKey(alertId);
            });
        }
        return seen.get(alertId);
    }

    /** Reads the endpoints topic from the start, latest value per key, until {@code done}. */
    private static void readUntil(Map<String, WebhookEndpoint> latest, BooleanSupplier done) {
        try (KafkaConsumer<String, WebhookEndpoint> consumer = CompactedTopics.fromStart(Topics.WEBHOOK_ENDPOINTS,
                EventlaneSerdes.webhookEndpoint().deserializer())) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
                return done.getAsBoolean();
            });
        }
    }

    private static String webhooks(String[] orgAndProject) {
        return "/api/orgs/" + orgAndProject[0] + "/projects/" + orgAndProject[1] + "/webhooks";
    }
}
