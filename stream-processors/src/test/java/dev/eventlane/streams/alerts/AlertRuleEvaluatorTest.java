package dev.eventlane.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.AlertRule;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.EventHeaders;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;

/** Alert rules over events and logs on the TopologyTestDriver: time moves by the wall clock only. */
class AlertRuleEvaluatorTest {

    private static final Instant T0 = AlertRulesRig.T0;
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final String PROJECT = "p1";
    private static final String OTHER_PROJECT = "p2";

    private AlertRulesRig rig;
    private TestInputTopic<String, LogEntry> logs;
    private TestOutputTopic<String, Alert> alerts;
    private int sequence;

    @BeforeEach
    void setUp() {
        rig = new AlertRulesRig("alert-rules-test");
        alerts = rig.alerts;
        logs = rig.logs;
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void aboveFiresOnceWithThePayloadAndNotAgainWhileAbove() {
        rig.put(rule("r1", "events", "signup", MINUTE, "above", 2));
        signups(PROJECT, 3);
        rig.advance(Duration.ofSeconds(2));

        List<TestRecord<String, Alert>> fired = alerts.readRecordsToList();
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).key()).isEqualTo(PROJECT);
        Alert alert = fired.get(0).value();
        assertThat(alert.getKind()).isEqualTo("alert");
        assertThat(alert.getProjectId()).isEqualTo(PROJECT);
        assertThat(alert.getEndpointId()).isNull();
        assertThat(alert.getTriggeredAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(alert.getPayload()).isEqualTo("{\"event\":\"alert\",\"triggered_at\":\"2026-11-01T12:00:02Z\","
                + "\"rule_id\":\"r1\",\"name\":\"Rule r1\",\"source\":\"events\",\"match\":\"signup\","
                + "\"condition\":\"above\",\"threshold\":2,\"count\":3,\"window\":\"1m\"}");

        signups(PROJECT, 5);
        rig.advance(Duration.ofSeconds(10));
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void aboveReArmsOnceAtOrUnderTheThresholdAndFiresAgain() {
        rig.put(rule("r1", "events", "signup", MINUTE, "above", 2));
        signups(PROJECT, 3);
        rig.advance(Duration.ofSeconds(2));
        Alert first = alerts.readValue();

        rig.advance(MINUTE);
        assertThat(alerts.isEmpty()).isTrue();
        signups(PROJECT, 3);
        rig.advance(Duration.ofSeconds(2));

        List<Alert> again = alerts.readValuesToList();
        assertThat(again).hasSize(1);
        assertThat(again.get(0).getTriggeredAt()).isEqualTo(T0.plusSeconds(64));
        assertThat(again.get(0).getPayload()).contains("\"count\":3");
        assertThat(again.get(0).getAlertId()).isNotEqualTo(first.getAlertId());
    }

    @Test
    void belowFiresWhenQuietForAWholeWindowOnceAndReArmsWhenRecordsCome() {
        rig.put(rule("r1", "logs", "error", MINUTE, "below", 1));
        rig.advance(Duration.ofSeconds(60));
        assertThat(alerts.isEmpty()).isTrue();

        // First seen at the first check (T0 + 1 s): judged a whole window later.
        rig.advance(Duration.ofSeconds(1));
        List<Alert> fired = alerts.readValuesToList();
        assertThat(fired).extracting(Alert::getTriggeredAt).containsExactly(T0.plusSeconds(61));
        assertThat(fired.get(0).getPayload()).contains("\"source\":\"logs\",\"match\":\"error\","
                + "\"condition\":\"below\",\"threshold\":1,\"count\":0,\"window\":\"1m\"");
        rig.advance(Duration.ofMinutes(2));
        assertThat(alerts.isEmpty()).isTrue();

        log(PROJECT, 4, "error", rig.now());
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();
        rig.advance(MINUTE);
        assertThat(alerts.readValuesToList()).hasSize(1);
    }

    @Test
    void onlyTheMatchingNameOrSeverityOfTheRulesOwnProjectCounts() {
        rig.put(rule("signups", "events", "signup", MINUTE, "above", 0));
        rig.put(rule("errors", "logs", "error", MINUTE, "above", 0));
        signups(OTHER_PROJECT, 3);
        rig.send(event(PROJECT, "login", rig.now()));
        rig.send(event(PROJECT, "Signup", rig.now()));
        erase(PROJECT, "u1");
        log(PROJECT, 5, "warn", rig.now());
        log(PROJECT, 3, null, rig.now());
        log(OTHER_PROJECT, 4, "error", rig.now());
        rig.advance(Duration.ofSeconds(5));
        assertThat(alerts.isEmpty()).isTrue();

        log(PROJECT, 4, null, rig.now());
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload).singleElement().asString()
                .contains("\"rule_id\":\"errors\"", "\"count\":1");
        signups(PROJECT, 1);
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload).singleElement().asString()
                .contains("\"rule_id\":\"signups\"", "\"count\":1");
    }

    @Test
    void theWindowSlidesOldRecordsStopCounting() {
        rig.put(rule("r1", "events", "signup", MINUTE, "above", 2));
        signups(PROJECT, 2);
        rig.advance(Duration.ofSeconds(61));
        assertThat(alerts.isEmpty()).isTrue();

        signups(PROJECT, 2);
        rig.send(event(PROJECT, "signup", rig.now().minus(Duration.ofMinutes(5))));
        rig.advance(Duration.ofSeconds(3));
        assertThat(alerts.isEmpty()).isTrue();

        signups(PROJECT, 1);
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload).singleElement().asString()
                .contains("\"count\":3");
    }

    @Test
    void ruleChangesAndDeletionTakeEffectWithoutARestart() {
        rig.put(rule("r1", "events", "signup", MINUTE, "above", 5));
        signups(PROJECT, 3);
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();

        // A new threshold keeps the count.
        rig.put(rule("r1", "events", "signup", MINUTE, "above", 2));
        rig.advance(Duration.ofSeconds(1));
        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload).singleElement().asString()
                .contains("\"threshold\":2,\"count\":3");

        // Counting something else starts from nothing.
        rig.put(rule("r1", "events", "login", MINUTE, "above", 2));
        signups(PROJECT, 3);
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();
        for (int i = 0; i < 3; i++) {
            rig.send(event(PROJECT, "login", rig.now()));
        }
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload).singleElement().asString()
                .contains("\"match\":\"login\"", "\"count\":3");

        // So does a new window.
        rig.put(rule("r1", "events", "login", Duration.ofMinutes(2), "above", 2));
        rig.send(event(PROJECT, "login", rig.now()));
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();

        rig.rules.pipeInput(RecordKeys.owned(PROJECT, "r1"), null);
        for (int i = 0; i < 10; i++) {
            rig.send(event(PROJECT, "login", rig.now()));
        }
        rig.advance(Duration.ofMinutes(3));
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void aDisabledRuleNeverFiresAndCountsOnlyOnceEnabled() {
        AlertRule above = rule("above", "events", "signup", MINUTE, "above", 2);
        above.setEnabled(false);
        AlertRule below = rule("below", "events", "signup", MINUTE, "below", 5);
        below.setEnabled(false);
        rig.put(above);
        rig.put(below);
        signups(PROJECT, 10);
        rig.advance(Duration.ofMinutes(3));
        assertThat(alerts.isEmpty()).isTrue();

        above.setEnabled(true);
        rig.put(above);
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();
        signups(PROJECT, 3);
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload).singleElement().asString()
                .contains("\"rule_id\":\"above\"", "\"count\":3");
    }

    @Test
    void everyBucketOfARuleGoesToTheRulesPartition() {
        RulePartitioner partitioner = new RulePartitioner();
        for (String ruleId : List.of("r1", "r2", "a-much-longer-rule-id")) {
            CountedRule rule = new CountedRule(rule(ruleId, "events", "signup", MINUTE, "above", 1));
            CountedRule changed = new CountedRule(rule(ruleId, "logs", "error", MINUTE, "above", 1));
            int partition = RulePartitioner.partition(RecordKeys.owned(PROJECT, ruleId), 6);
            for (String bucket : List.of(rule.bucketKey(0), rule.bucketKey(T0.toEpochMilli()),
                    changed.bucketKey(T0.toEpochMilli()))) {
                assertThat(partitioner.partitions(Topics.ALERTS, bucket, 1L, 6)).contains(Set.of(partition));
            }
        }
    }

    private static AlertRule rule(String id, String source, String match, Duration window, String condition,
            long threshold) {
        return AlertRule.newBuilder().setRuleId(id).setProjectId(PROJECT).setName("Rule " + id).setSource(source)
                .setMatch(match).setWindowMs(window.toMillis()).setCondition(condition).setThreshold(threshold)
                .setEnabled(true).build();
    }

    private void signups(String project, int count) {
        for (int i = 0; i < count; i++) {
            rig.send(event(project, "signup", rig.now()));
        }
    }

    private Event event(String project, String name, Instant at) {
        return Event.newBuilder().setEventId("evt_" + (++sequence)).setProjectId(project).setSource(Source.GOODLOGS)
                .setName(name).setUserId("u" + sequence % 3).setTimestamp(at).setReceivedAt(rig.now())
                .setContext(EventContext.newBuilder().build()).build();
    }

    /** An erasure on the events topic: no value. */
    private void erase(String project, String user) {
        rig.events.pipeInput(new TestRecord<>(RecordKeys.user(project, user), null, EventHeaders.erasure(), rig.now()));
    }

    /** A log entry; a null severity is a LogFlux entry, which has only its level. */
    private void log(String project, int level, String severity, Instant at) {
        String id = "log_" + (++sequence);
        LogEntry entry = LogEntry.newBuilder().setLogId(id).setProjectId(project)
                .setSource(severity == null ? Source.LOGFLUX : Source.GOODLOGS).setLevel(level).setSeverity(severity)
                .setTimestamp(at).setReceivedAt(rig.now()).setMessage("m").setContext(EventContext.newBuilder().build())
                .build();
        logs.pipeInput(RecordKeys.log(project, null, id), entry, at);
    }
}
