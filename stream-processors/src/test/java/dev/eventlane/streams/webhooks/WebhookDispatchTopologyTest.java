package dev.eventlane.streams.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.webhooks.DeliveryErrors;
import dev.eventlane.platform.webhooks.TestDeliveries;
import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.WebhookAttempt;
import dev.eventlane.schemas.WebhookDelivery;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.streams.shared.GlobalStores;

/**
 * The dispatcher's topology on the TopologyTestDriver: alerts and attempt records in; deliveries handed to a sender
 * that only records them; given-up deliveries out on the dead-letter topic, and the attempts it ends itself (endpoint
 * deleted) out on the attempts topic. Time moves by the wall clock only, as the dispatcher's scans do.
 */
class WebhookDispatchTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration SCAN = Duration.ofMillis(250);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The sender's timeout and the dispatcher's grace for a lost attempt record, and a scan to notice. */
    private static final Duration LOST_AFTER = TIMEOUT.plus(Duration.ofMinutes(1)).plus(SCAN);
    private static final String ENDPOINTS = "test-webhook-endpoints";
    private static final WebhookDispatch.Names NAMES = new WebhookDispatch.Names("test-alerts", "test-attempts",
            "test-dead-letter");
    private static final String CHURN = "churn_spike";
    private static final String REVENUE = "revenue_drop";

    private final List<Sent> sent = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, WebhookEndpoint> endpoints;
    private TestInputTopic<String, Alert> alerts;
    private TestInputTopic<String, WebhookAttempt> attempts;
    private TestOutputTopic<String, WebhookDelivery> deadLetters;
    private TestOutputTopic<String, WebhookAttempt> attemptsOut;

    private record Sent(WebhookDelivery delivery, String endpointId) {
    }

    @BeforeEach
    void setUp() {
        StreamsBuilder builder = new StreamsBuilder();
        WebhookDispatch.addDispatcher(builder, GlobalStores.addEndpointsStore(builder, ENDPOINTS), NAMES, SCAN, 4, 8,
                TIMEOUT, (delivery, endpoint) -> sent.add(new Sent(delivery, endpoint.getEndpointId())));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dispatch-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-test-state");
        driver = new TopologyTestDriver(builder.build(), props, T0);
        endpoints = driver.createInputTopic(ENDPOINTS, Serdes.String().serializer(),
                EventlaneSerdes.webhookEndpoint().serializer());
        alerts = driver.createInputTopic(NAMES.alerts(), Serdes.String().serializer(),
                EventlaneSerdes.alert().serializer());
        attempts = driver.createInputTopic(NAMES.attempts(), Serdes.String().serializer(),
                EventlaneSerdes.webhookAttempt().serializer());
        deadLetters = driver.createOutputTopic(NAMES.deadLetter(), Serdes.String().deserializer(),
                EventlaneSerdes.webhookDelivery().deserializer());
        attemptsOut = driver.createOutputTopic(NAMES.attempts(), Serdes.String().deserializer(),
                EventlaneSerdes.webhookAttempt().deserializer());
        endpoint("p1", "e1", CHURN);
        endpoint("p1", "e2", REVENUE);
        endpoint("p2", "e3", CHURN);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void anAlertGoesAtTheNextScanToEachEndpointOfItsProjectThatReceivesItsKind() {
        alert("p1", "a1", CHURN, null);
        assertThat(sent).isEmpty();

        driver.advanceWallClockTime(SCAN);

        assertThat(sent).containsExactly(new Sent(delivery("p1", "a1", "e1", CHURN, 0, T0), "e1"));
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(attemptsOut.isEmpty()).isTrue();
    }

    @Test
    void anAlertForOneEndpointGoesToThatEndpointOnlyIfItReceivesTheKind() {
        alert("p1", "a1", REVENUE, "e2");
        alert("p1", "a2", REVENUE, "e1");

        driver.advanceWallClockTime(SCAN);

        assertThat(sent).containsExactly(new Sent(delivery("p1", "a1", "e2", REVENUE, 0, T0), "e2"));
    }

    @Test
    void aTestDeliveryGoesToItsEndpointWhateverKindsItReceivesAndNeverToAnotherProjectsEndpoint() {
        alert("p1", "test_1", TestDeliveries.KIND, "e2");
        alert("p1", "test_2", TestDeliveries.KIND, "e3");
        alert("p1", "test_3", TestDeliveries.KIND, null);

        driver.advanceWallClockTime(SCAN);

        assertThat(sent).containsExactly(new Sent(delivery("p1", "test_1", "e2", TestDeliveries.KIND, 0, T0), "e2"));
    }

    @Test
    void anAlertRaisedAgainWhileItsDeliveryIsPendingIsNotDeliveredTwice() {
        alert("p1", "a1", CHURN, null);
        driver.advanceWallClockTime(SCAN);
        alert("p1", "a1", CHURN, null);

        driver.advanceWallClockTime(SCAN.multipliedBy(4));

        assertThat(sent).hasSize(1);
    }

    @Test
    void aRetriedDeliveryGoesOutAgainWhenDueAndEndsWhenDelivered() {
        alert("p1", "a1", CHURN, null);
        driver.advanceWallClockTime(SCAN);
        Instant retryAt = T0.plusSeconds(10);
        attempts.pipeInput("p1", attempt(sent.get(0).delivery(), 1, "retrying", 503, "http 503", retryAt));

        driver.advanceWallClockTime(Duration.ofSeconds(9));
        assertThat(sent).hasSize(1);
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        WebhookDelivery second = WebhookDelivery.newBuilder(delivery("p1", "a1", "e1", CHURN, 0, T0)).setAttempts(1)
                .setLastStatus(503).setLastError("http 503").setNextAttemptAt(retryAt).build();
        assertThat(sent).hasSize(2).last().isEqualTo(new Sent(second, "e1"));

        attempts.pipeInput("p1", attempt(second, 2, "delivered", 200, null, null));
        driver.advanceWallClockTime(LOST_AFTER);
        assertThat(sent).hasSize(2);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aDeliveryThatIsGivenUpGoesToTheDeadLetterTopic() {
        alert("p1", "a1", CHURN, null);
        driver.advanceWallClockTime(SCAN);
        WebhookDelivery first = sent.get(0).delivery();

        attempts.pipeInput("p1", attempt(first, 1, "dead", 500, "http 500", null));

        WebhookDelivery given = WebhookDelivery.newBuilder(first).setAttempts(1).setLastStatus(500)
                .setLastError("http 500").build();
        assertThat(deadLetters.readKeyValuesToList()).containsExactly(KeyValue.pair("p1", given));
        driver.advanceWallClockTime(LOST_AFTER);
        assertThat(sent).hasSize(1);
    }

    @Test
    void anAttemptRecordOfAnEarlierTurnChangesNothing() {
        alert("p1", "a1", CHURN, null);
        driver.advanceWallClockTime(SCAN);
        WebhookDelivery first = sent.get(0).delivery();
        attempts.pipeInput("p1", attempt(first, 1, "retrying", 503, "http 503", T0.plusSeconds(10)));

        attempts.pipeInput("p1", attempt(first, 1, "dead", 500, "http 500", null));

        assertThat(deadLetters.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(sent).hasSize(2);
    }

    @Test
    void theDeliveriesToADeletedEndpointEndAndTheDeliveryLogSaysSo() {
        alert("p1", "a1", CHURN, null);
        endpoints.pipeInput(RecordKeys.owned("p1", "e1"), null, T0);

        driver.advanceWallClockTime(SCAN);

        assertThat(sent).isEmpty();
        WebhookDelivery delivery = delivery("p1", "a1", "e1", CHURN, 0, T0);
        WebhookAttempt dropped = WebhookAttempt.newBuilder().setDeliveryId(delivery.getDeliveryId())
                .setAlertId("a1").setProjectId("p1").setEndpointId("e1").setKind(CHURN).setAttempt(1)
                .setAt(T0.plus(SCAN)).setStatus(0).setLatencyMs(0).setError(DeliveryErrors.ENDPOINT_DELETED)
                .setOutcome("dropped").build();
        assertThat(attemptsOut.readKeyValuesToList()).containsExactly(KeyValue.pair("p1", dropped));
        driver.advanceWallClockTime(LOST_AFTER);
        assertThat(sent).isEmpty();
        assertThat(attemptsOut.isEmpty()).isTrue();
    }

    @Test
    void anAttemptWhoseRecordNeverComesBackIsMadeAgainWithTheSameId() {
        alert("p1", "a1", CHURN, null);
        driver.advanceWallClockTime(SCAN);

        driver.advanceWallClockTime(TIMEOUT);
        assertThat(sent).hasSize(1);
        driver.advanceWallClockTime(LOST_AFTER.minus(TIMEOUT));

        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).isEqualTo(sent.get(0));
    }

    private void endpoint(String project, String id, String kind) {
        endpoints.pipeInput(RecordKeys.owned(project, id), new WebhookEndpoint(id, project, "https://" + id
                + ".example.com/hook", List.of(kind), "whsec_test", 40.0, 30.0), T0);
    }

    private void alert(String project, String id, String kind, String endpointId) {
        alerts.pipeInput(project, new Alert(id, project, kind, endpointId, T0, "{\"alert\":\"" + id + "\"}"), T0);
    }

    private static WebhookDelivery delivery(String project, String alertId, String endpointId, String kind,
            int attemptsMade, Instant createdAt) {
        return WebhookDelivery.newBuilder().setDeliveryId(DispatchProcessor.deliveryId(alertId, endpointId))
                .setAlertId(alertId).setProjectId(project).setEndpointId(endpointId).setKind(kind)
                .setPayload("{\"alert\":\"" + alertId + "\"}").setCreatedAt(createdAt).setAttempts(attemptsMade)
                .setNextAttemptAt(createdAt).build();
    }

    private static WebhookAttempt attempt(WebhookDelivery delivery, int attempt, String outcome, int status,
            String error, Instant nextAttemptAt) {
        return WebhookAttempt.newBuilder().setDeliveryId(delivery.getDeliveryId()).setAlertId(delivery.getAlertId())
                .setProjectId(delivery.getProjectId()).setEndpointId(delivery.getEndpointId())
                .setKind(delivery.getKind()).setAttempt(attempt).setAt(T0).setStatus(status).setLatencyMs(12)
                .setError(error).setOutcome(outcome).setNextAttemptAt(nextAttemptAt).build();
    }
}
