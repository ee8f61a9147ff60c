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
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.Purchase;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.shared.GlobalStore;
import dev.eventlane.streams.shared.GlobalStores;

/** Revenue-drop detection on the TopologyTestDriver; the wall clock starts at 10:00 on {@link #DAY}. */
class RevenueDropsTest {

    /** Midnight (UTC) of the day whose hours are judged; the baseline days are before it. */
    private static final Instant DAY = Instant.parse("2026-11-08T00:00:00Z");
    private static final Instant T0 = at(0, 10, 0);
    private static final String PROJECT = "5f0c8a34-8a6e-4d7e-9d43-2f1b7c0a9e11";
    private static final String OTHER = "a2d4c6e8-1b3d-4f5a-8c7e-9f0a1b2c3d4e";
    private static final Duration GRACE = Duration.ofMinutes(5);
    private static final Duration CHECK = Duration.ofSeconds(1);
    private static final double MARGIN = 5;

    private TopologyTestDriver driver;
    private TestInputTopic<String, WebhookEndpoint> endpoints;
    private TestInputTopic<String, Purchase> purchases;
    private TestOutputTopic<String, Alert> alerts;
    private Instant now;
    private int sequence;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "revenue-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-test-state");
        StreamsBuilder builder = new StreamsBuilder();
        RevenueDrops.addTo(builder, GlobalStores.addEndpointsStore(builder),
                new RevenueDrops.Settings(GRACE, MARGIN, CHECK));
        driver = new TopologyTestDriver(builder.build(), props, T0);
        now = T0;
        endpoints = driver.createInputTopic(Topics.WEBHOOK_ENDPOINTS, Serdes.String().serializer(),
                EventlaneSerdes.webhookEndpoint().serializer());
        purchases = driver.createInputTopic(Topics.PURCHASES, Serdes.String().serializer(),
                EventlaneSerdes.purchase().serializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, Serdes.String().deserializer(),
                EventlaneSerdes.alert().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void dropPastTheThresholdFiresOnceWithTheExactPayload() {
        endpoint(PROJECT, "ep-1", 30);
        baseline(PROJECT, 10, "999999999999999.89"); // more digits than a double holds
        purchase(PROJECT, at(0, 10, 20), "0.10");
        purchase(PROJECT, at(0, 10, 40), "0.20");
        purchase(PROJECT, at(0, 10, 50), "ten dollars"); // not a number: skipped

        advanceTo(at(0, 11, 5));
        for (int i = 0; i < 10; i++) {
            advance(CHECK);
        }

        List<TestRecord<String, Alert>> raised = alerts.readRecordsToList();
        assertThat(raised).hasSize(1);
        Alert alert = raised.get(0).value();
        assertThat(raised.get(0).key()).isEqualTo(PROJECT);
        assertThat(alert.getProjectId()).isEqualTo(PROJECT);
        assertThat(alert.getKind()).isEqualTo("revenue_drop");
        assertThat(alert.getEndpointId()).isEqualTo("ep-1");
        assertThat(alert.getTriggeredAt()).isEqualTo(at(0, 11, 5));
        assertThat(alert.getAlertId()).matches("alr_[0-9a-f]{24}");
        assertThat(alert.getPayload()).isEqualTo("{\"event\":\"revenue_drop\","
                + "\"triggered_at\":\"2026-11-08T11:05:00Z\",\"revenue\":0.30,\"baseline\":999999999999999.89,"
                + "\"drop_pct\":100.0,\"threshold\":30.0}");
    }

    @Test
    void consecutiveBadHoursFireOnce() {
        endpoint(PROJECT, "ep-1", 30);
        for (int hour = 10; hour <= 12; hour++) {
            baseline(PROJECT, hour, "100.00");
        }
        purchase(PROJECT, at(0, 10, 30), "40.00");
        purchase(PROJECT, at(0, 11, 30), "50.00");
        purchase(PROJECT, at(0, 12, 30), "45.00");

        advanceTo(at(0, 11, 5));
        advanceTo(at(0, 12, 5));
        advanceTo(at(0, 13, 5));

        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload)
                .containsExactly(payload("2026-11-08T11:05:00Z", "40.00", "100.00", 60.0, 30.0));
    }

    @Test
    void recoveryThenAnotherDropFiresAgain() {
        endpoint(PROJECT, "ep-1", 30);
        for (int hour = 10; hour <= 12; hour++) {
            baseline(PROJECT, hour, "100.00");
        }
        purchase(PROJECT, at(0, 10, 30), "40.00");
        purchase(PROJECT, at(0, 11, 30), "96.00"); // 4 %: below 30 - 5, re-arms
        purchase(PROJECT, at(0, 12, 30), "30.00");

        advanceTo(at(0, 11, 5));
        advanceTo(at(0, 12, 5));
        advanceTo(at(0, 13, 5));

        List<Alert> raised = alerts.readValuesToList();
        assertThat(raised).extracting(Alert::getTriggeredAt, Alert::getPayload).containsExactly(
                tuple(at(0, 11, 5), payload("2026-11-08T11:05:00Z", "40.00", "100.00", 60.0, 30.0)),
                tuple(at(0, 13, 5), payload("2026-11-08T13:05:00Z", "30.00", "100.00", 70.0, 30.0)));
        assertThat(raised.get(0).getAlertId()).isNotEqualTo(raised.get(1).getAlertId());
    }

    @Test
    void dropUpToTheThresholdDoesNotFire() {
        endpoint(PROJECT, "ep-1", 30);
        baseline(PROJECT, 10, "100.00");
        baseline(PROJECT, 11, "100.00");
        purchase(PROJECT, at(0, 10, 30), "71.00"); // 29 %
        purchase(PROJECT, at(0, 11, 30), "70.00"); // 30 %: not more than the threshold

        advanceTo(at(0, 11, 5));
        advanceTo(at(0, 12, 5));

        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void recoveringOnlyToBetweenMarginAndThresholdDoesNotRearm() {
        endpoint(PROJECT, "ep-1", 30);
        for (int hour = 10; hour <= 12; hour++) {
            baseline(PROJECT, hour, "100.00");
        }
        purchase(PROJECT, at(0, 10, 30), "60.00"); // 40 %: fires
        purchase(PROJECT, at(0, 11, 30), "75.00"); // 25 %: at threshold - margin, not below it
        purchase(PROJECT, at(0, 12, 30), "50.00"); // 50 %

        advanceTo(at(0, 11, 5));
        advanceTo(at(0, 12, 5));
        advanceTo(at(0, 13, 5));

        assertThat(alerts.readValuesToList()).extracting(Alert::getTriggeredAt).containsExactly(at(0, 11, 5));
    }

    @Test
    void anHourIsJudgedOnlyAfterItsGraceAndLatePurchasesWithinItCount() {
        endpoint(PROJECT, "ep-1", 30);
        baseline(PROJECT, 10, "100.00");
        purchase(PROJECT, at(0, 10, 20), "50.00");

        advanceTo(at(0, 11, 3));
        purchase(PROJECT, at(0, 10, 59), "10.10"); // arrives during the grace
        advanceTo(at(0, 11, 5).minus(CHECK));
        assertThat(alerts.isEmpty()).isTrue();

        advance(CHECK);
        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload)
                .containsExactly(payload("2026-11-08T11:05:00Z", "60.10", "100.00", 39.9, 30.0));
    }

    @Test
    void withFewerThanSevenDaysTheBaselineAveragesTheDaysThatExist() {
        endpoint(PROJECT, "ep-1", 30);
        purchase(PROJECT, at(-3, 10, 10), "10.00"); // the project's first hour
        purchase(PROJECT, at(-2, 10, 10), "20.00");
        purchase(PROJECT, at(-1, 10, 10), "30.00");
        purchase(PROJECT, at(0, 10, 10), "10.00");

        advanceTo(at(0, 11, 5));

        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload)
                .containsExactly(payload("2026-11-08T11:05:00Z", "10.00", "20.00", 50.0, 30.0));
    }

    @Test
    void anHourWithoutPurchasesIsJudgedAsZero() {
        endpoint(PROJECT, "ep-1", 30);
        baseline(PROJECT, 10, "25.00");
        purchase(PROJECT, at(0, 9, 30), "25.00");

        advanceTo(at(0, 11, 5));

        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload)
                .containsExactly(payload("2026-11-08T11:05:00Z", "0.00", "25.00", 100.0, 30.0));
    }

    @Test
    void onlyTheMostRecentClosedHourIsJudged() {
        endpoint(PROJECT, "ep-1", 30);
        baseline(PROJECT, 10, "100.00"); // hour 10 today has nothing: a 100 % drop

        advanceTo(at(0, 12, 5)); // hour 10 was never judged in time; hour 11 has no baseline

        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void eachOfTheProjectsEndpointsIsJudgedOnItsOwnThresholdAndNoOtherProjectHearsOfIt() {
        endpoint(PROJECT, "ep-30", 30);
        endpoint(PROJECT, "ep-50", 50);
        endpoint(PROJECT, "ep-gone", 10);
        endpoints.pipeInput(RecordKeys.owned(PROJECT, "ep-gone"), null, now);
        endpoint(OTHER, "theirs", 10);
        baseline(PROJECT, 10, "100.00");
        baseline(OTHER, 10, "100.00");
        purchase(PROJECT, at(0, 10, 30), "60.00");
        purchase(OTHER, at(0, 10, 30), "100.00");

        advanceTo(at(0, 11, 5));

        assertThat(alerts.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getEndpointId(),
                kv -> kv.value.getPayload()).containsExactly(
                tuple(PROJECT, "ep-30", payload("2026-11-08T11:05:00Z", "60.00", "100.00", 40.0, 30.0)));
    }

    @Test
    void bothDetectorsLiveInOneApplicationWithTheirOwnNames() {
        StreamsBuilder builder = new StreamsBuilder();
        GlobalStore<WebhookEndpoint> endpoints = GlobalStores.addEndpointsStore(builder);
        ChurnSpikes.addTo(builder, endpoints, new ChurnSpikes.Settings(Duration.ofHours(1), 20, MARGIN, CHECK));
        RevenueDrops.addTo(builder, endpoints, new RevenueDrops.Settings(GRACE, MARGIN, CHECK));

        String description = builder.build().describe().toString();
        assertThat(description).contains(ChurnSpikes.USERS_STORE, ChurnSpikes.CATALOG_STORE, RevenueDrops.HOURS_STORE,
                ChurnSpikes.REPARTITION + "-repartition", RevenueDrops.REPARTITION + "-repartition");
    }

    // ---- helpers

    private static Instant at(int day, int hour, int minute) {
        return DAY.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
    }

    private static String payload(String at, String revenue, String baseline, double drop, double threshold) {
        return "{\"event\":\"revenue_drop\",\"triggered_at\":\"" + at + "\",\"revenue\":" + revenue + ",\"baseline\":"
                + baseline + ",\"drop_pct\":" + drop + ",\"threshold\":" + threshold + "}";
    }

    /** The same amount in the same hour of each of the seven days before. */
    private void baseline(String project, int hour, String amount) {
        for (int day = -7; day <= -1; day++) {
            purchase(project, at(day, hour, 15), amount);
        }
    }

    private void purchase(String project, Instant at, String amount) {
        String user = "u" + sequence % 3;
        purchases.pipeInput(RecordKeys.user(project, user),
                new Purchase(project, "evt_" + sequence++, user, at, amount), now);
    }

    private void endpoint(String project, String id, double dropThreshold) {
        endpoints.pipeInput(RecordKeys.owned(project, id), WebhookEndpoint.newBuilder().setEndpointId(id)
                .setProjectId(project).setUrl("https://example.com/" + id).setKinds(List.of("revenue_drop"))
                .setSecret("whsec_test").setRevenueDropPct(dropThreshold).build(), now);
    }

    private void advanceTo(Instant to) {
        advance(Duration.between(now, to));
    }

    private void advance(Duration by) {
        now = now.plus(by);
        driver.advanceWallClockTime(by);
    }
}
