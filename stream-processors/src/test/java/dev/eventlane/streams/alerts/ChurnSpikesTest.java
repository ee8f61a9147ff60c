package dev.eventlane.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.FunnelProgress;
import dev.eventlane.schemas.FunnelStep;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.shared.GlobalStores;

/** Churn-spike detection on the TopologyTestDriver; the wall clock starts at {@link #T0}. */
class ChurnSpikesTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");
    private static final String PROJECT = "5f0c8a34-8a6e-4d7e-9d43-2f1b7c0a9e11";
    private static final String OTHER = "a2d4c6e8-1b3d-4f5a-8c7e-9f0a1b2c3d4e";
    private static final String FUNNEL = "checkout";
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Duration CHECK = Duration.ofSeconds(1);
    private static final int MIN_USERS = 20;
    private static final double MARGIN = 5;

    private TopologyTestDriver driver;
    private TestInputTopic<String, WebhookEndpoint> endpoints;
    private TestInputTopic<String, FunnelStep> steps;
    private TestInputTopic<String, FunnelProgress> progress;
    private TestOutputTopic<String, Alert> alerts;
    private Instant now;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "churn-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-test-state");
        StreamsBuilder builder = new StreamsBuilder();
        ChurnSpikes.addTo(builder, GlobalStores.addEndpointsStore(builder),
                new ChurnSpikes.Settings(WINDOW, MIN_USERS, MARGIN, CHECK));
        driver = new TopologyTestDriver(builder.build(), props, T0);
        now = T0;
        endpoints = driver.createInputTopic(Topics.WEBHOOK_ENDPOINTS, Serdes.String().serializer(),
                EventlaneSerdes.webhookEndpoint().serializer());
        steps = driver.createInputTopic(Topics.FUNNEL_STEPS, Serdes.String().serializer(),
                EventlaneSerdes.funnelStep().serializer());
        progress = driver.createInputTopic(Topics.FUNNEL_PROGRESS, Serdes.String().serializer(),
                EventlaneSerdes.funnelProgress().serializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, Serdes.String().deserializer(),
                EventlaneSerdes.alert().deserializer());
        // Steps in order of their earliest times, not of their names.
        for (String project : List.of(PROJECT, OTHER)) {
            step(project, "view_product", 1);
            step(project, "purchase", 2);
            step(project, "app_open", 0);
        }
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void crossingTheThresholdFiresOneAlertWithThePayload() {
        endpoint(PROJECT, "ep-1", 30);
        levels(PROJECT, 20, 0);
        check();
        levels(PROJECT, 20, 7);
        assertThat(alerts.isEmpty()).as("judged on the clock, not per record").isTrue();
        check();

        List<TestRecord<String, Alert>> raised = alerts.readRecordsToList();
        assertThat(raised).hasSize(1);
        Alert alert = raised.get(0).value();
        assertThat(raised.get(0).key()).isEqualTo(PROJECT);
        assertThat(alert.getProjectId()).isEqualTo(PROJECT);
        assertThat(alert.getKind()).isEqualTo("churn_spike");
        assertThat(alert.getEndpointId()).isEqualTo("ep-1");
        assertThat(alert.getTriggeredAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(alert.getAlertId()).matches("alr_[0-9a-f]{24}");
        assertThat(alert.getPayload()).isEqualTo("{\"event\":\"churn_spike\",\"triggered_at\":\"2026-11-01T12:00:02Z\","
                + "\"funnel\":\"checkout\",\"step\":\"purchase\",\"churn_pct\":35.0,\"threshold\":30.0}");
    }

    @Test
    void stayingAboveTheThresholdFiresNoMore() {
        endpoint(PROJECT, "ep-1", 30);
        levels(PROJECT, 20, 7);
        check();
        assertThat(alerts.readValuesToList()).hasSize(1);

        for (int round = 0; round < 30; round++) {
            levels(PROJECT, 20, 7 + round % 4); // 35 to 50 %
            check();
        }
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void fallingBelowThresholdMinusMarginRearms() {
        endpoint(PROJECT, "ep-1", 30);
        levels(PROJECT, 20, 7);
        check();
        KeyValueStore<String, Long> disarmed = driver.getKeyValueStore(ChurnSpikes.DISARMED_STORE);
        assertThat(disarmed.approximateNumEntries()).isEqualTo(1);

        levels(PROJECT, 20, 4); // 20 % < 30 - 5
        check();
        assertThat(disarmed.approximateNumEntries()).isZero();
        levels(PROJECT, 20, 8);
        check();

        List<Alert> raised = alerts.readValuesToList();
        assertThat(raised).extracting(Alert::getTriggeredAt, Alert::getPayload).containsExactly(
                tuple(T0.plusSeconds(1), payload("2026-11-01T12:00:01Z", "purchase", 35.0, 30.0)),
                tuple(T0.plusSeconds(3), payload("2026-11-01T12:00:03Z", "purchase", 40.0, 30.0)));
        assertThat(raised.get(0).getAlertId()).isNotEqualTo(raised.get(1).getAlertId());
    }

    @Test
    void dippingBelowTheThresholdButNotTheMarginDoesNotRearm() {
        endpoint(PROJECT, "ep-1", 30);
        levels(PROJECT, 20, 7);
        check();
        levels(PROJECT, 20, 5); // 25 %: at threshold - margin, not below it
        check();
        levels(PROJECT, 20, 6); // 30 %: at the threshold, not above it
        check();
        levels(PROJECT, 20, 7);
        check();

        assertThat(alerts.readValuesToList()).hasSize(1);
    }

    @Test
    void endpointsWithDifferentThresholdsFireIndependently() {
        endpoint(PROJECT, "ep-low", 30);
        endpoint(PROJECT, "ep-high", 40);
        levels(PROJECT, 20, 7); // 35 %
        check();
        levels(PROJECT, 20, 9); // 45 %
        check();

        assertThat(alerts.readValuesToList()).extracting(Alert::getEndpointId, Alert::getPayload).containsExactly(
                tuple("ep-low", payload("2026-11-01T12:00:01Z", "purchase", 35.0, 30.0)),
                tuple("ep-high", payload("2026-11-01T12:00:02Z", "purchase", 45.0, 40.0)));
    }

    @Test
    void stepsAreJudgedOnlyOnceTheStepBeforeHasEnoughUsers() {
        endpoint(PROJECT, "ep-1", 30);
        levels(PROJECT, MIN_USERS - 1, MIN_USERS - 1); // churn 100 %, from 19 users
        check();
        assertThat(alerts.isEmpty()).isTrue();

        progress(PROJECT, "u-last", 2); // 20 users reached step 2, none step 3
        check();
        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload)
                .containsExactly(payload("2026-11-01T12:00:02Z", "purchase", 100.0, 30.0));
    }

    @Test
    void churnAtTheSecondStepNamesItsAction() {
        endpoint(PROJECT, "ep-1", 30);
        for (int i = 0; i < 20; i++) {
            progress(PROJECT, "u" + i, i < 12 ? 2 : 1); // 8 of 20 stopped after step 1
        }
        check();
        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload)
                .containsExactly(payload("2026-11-01T12:00:01Z", "view_product", 40.0, 30.0));
    }

    @Test
    void usersLeaveTheWindowAndChurnIsComputedWithoutThem() {
        endpoint(PROJECT, "ep-1", 50);
        for (int i = 0; i < 20; i++) {
            progress(PROJECT, "early" + i, 3);
        }
        advance(Duration.ofMinutes(30));
        for (int i = 0; i < 20; i++) {
            progress(PROJECT, "late" + i, 2);
        }
        advance(WINDOW.minusMinutes(30).minus(CHECK)); // 50 % (not above 50) while the early users count
        assertThat(alerts.isEmpty()).isTrue();

        advance(CHECK); // the early users' progress is now a full window old
        assertThat(alerts.readValuesToList()).extracting(Alert::getTriggeredAt, Alert::getPayload).containsExactly(
                tuple(T0.plus(WINDOW), payload("2026-11-01T13:00:00Z", "purchase", 100.0, 50.0)));
    }

    @Test
    void progressOlderThanTheWindowRaisesNothing() {
        endpoint(PROJECT, "ep-1", 30);
        for (int i = 0; i < 40; i++) {
            progress(PROJECT, "u" + i, i < 20 ? 3 : 1, T0.minus(WINDOW));
        }
        check();
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void projectWithoutSubscribersRaisesNothing() {
        endpoint(OTHER, "theirs", 10);
        endpoints.pipeInput(RecordKeys.owned(PROJECT, "revenue-only"), WebhookEndpoint.newBuilder()
                .setEndpointId("revenue-only").setProjectId(PROJECT).setUrl("https://example.com/hook")
                .setKinds(List.of("revenue_drop")).setSecret("whsec_test").setChurnThresholdPct(10).build(), now);
        levels(PROJECT, 20, 20);
        check();
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void anotherProjectsEndpointNeverReceivesThisProjectsAlert() {
        endpoint(PROJECT, "ours", 30);
        endpoint(OTHER, "theirs", 30);
        levels(PROJECT, 20, 10);
        levels(OTHER, 20, 0);
        check();
        assertThat(alerts.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getEndpointId())
                .containsExactly(tuple(PROJECT, "ours"));

        levels(OTHER, 20, 10);
        check();
        assertThat(alerts.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getEndpointId())
                .containsExactly(tuple(OTHER, "theirs"));
    }

    @Test
    void deletedEndpointGetsNothing() {
        endpoint(PROJECT, "ep-1", 30);
        endpoint(PROJECT, "ep-2", 30);
        endpoints.pipeInput(RecordKeys.owned(PROJECT, "ep-1"), null, now);
        levels(PROJECT, 20, 10);
        check();
        assertThat(alerts.readValuesToList()).extracting(Alert::getEndpointId).containsExactly("ep-2");
    }

    @Test
    void theSameDetectionHasTheSameIdAndOthersDiffer() {
        endpoint(PROJECT, "ep-1", 30);
        endpoint(PROJECT, "ep-2", 30);
        levels(PROJECT, 20, 7);
        check();
        List<String> first = alerts.readValuesToList().stream().map(Alert::getAlertId).toList();

        tearDown();
        setUp();
        endpoint(PROJECT, "ep-1", 30);
        endpoint(PROJECT, "ep-2", 30);
        levels(PROJECT, 20, 7);
        check();
        List<String> again = alerts.readValuesToList().stream().map(Alert::getAlertId).toList();

        assertThat(first).hasSize(2).doesNotHaveDuplicates();
        assertThat(again).isEqualTo(first);
    }

    // ---- helpers

    private static String payload(String at, String step, double churn, double threshold) {
        return "{\"event\":\"churn_spike\",\"triggered_at\":\"" + at + "\",\"funnel\":\"checkout\",\"step\":\"" + step
                + "\",\"churn_pct\":" + churn + ",\"threshold\":" + threshold + "}";
    }

    private void step(String project, String action, int daysAfterFirst) {
        steps.pipeInput(RecordKeys.funnel(project, FUNNEL),
                new FunnelStep(project, FUNNEL, action, T0.minus(Duration.ofDays(30 - daysAfterFirst))), T0);
    }

    private void endpoint(String project, String id, double churnThreshold) {
        endpoints.pipeInput(RecordKeys.owned(project, id), WebhookEndpoint.newBuilder().setEndpointId(id)
                .setProjectId(project).setUrl("https://example.com/" + id).setKinds(List.of("churn_spike"))
                .setSecret("whsec_test").setChurnThresholdPct(churnThreshold).build(), now);
    }

    /** Users u0 .. u(users - 1) of the funnel: the first {@code dropped} at level 2, the others at level 3. */
    private void levels(String project, int users, int dropped) {
        for (int i = 0; i < users; i++) {
            progress(project, "u" + i, i < dropped ? 2 : 3);
        }
    }

    private void progress(String project, String user, int level) {
        progress(project, user, level, now);
    }

    private void progress(String project, String user, int level, Instant at) {
        progress.pipeInput(RecordKeys.user(project, user),
                new FunnelProgress(project, FUNNEL, user, level, 0, 3, at), at);
    }

    private void check() {
        advance(CHECK);
    }

    private void advance(Duration by) {
        now = now.plus(by);
        driver.advanceWallClockTime(by);
    }
}
