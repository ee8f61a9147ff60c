package dev.eventlane.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
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
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.shared.GlobalStores;

/** Alert rules over events and logs on the TopologyTestDriver: time moves by the wall clock only. */
class AlertRuleEvaluatorTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");
    private static final Duration CHECK = Duration.ofSeconds(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final String PROJECT = "p1";
    private static final String OTHER_PROJECT = "p2";

    private TopologyTestDriver driver;
    private TestInputTopic<String, AlertRule> rules;
    private TestInputTopic<String, Event> events;
    private TestInputTopic<String, LogEntry> logs;
    private TestOutputTopic<String, Alert> alerts;
    private Instant now = T0;
    private int sequence;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alert-rules-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-test-state");
        StreamsBuilder builder = new StreamsBuilder();
        AlertRules.addTo(builder, GlobalStores.addRulesStore(builder), builder.stream(Topics.EVENTS_UNIQUE,
                Consumed.with(Serdes.String(), EventlaneSerdes.event())), new AlertRules.Settings(CHECK, 1));
        driver = new TopologyTestDriver(builder.build(), props, T0);
        rules = driver.createInputTopic(Topics.ALERT_RULES, Serdes.String().serializer(),
                EventlaneSerdes.alertRule().serializer());
        events = driver.createInputTopic(Topics.EVENTS_UNIQUE, Serdes.String().serializer(),
                EventlaneSerdes.event().serializer());
        logs = driver.createInputTopic(Topics.LOGS_UNIQUE, Serdes.String().serializer(),
                EventlaneSerdes.logEntry().serializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, Serdes.String().deserializer(),
                EventlaneSerdes.alert().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void aboveFiresOnceWithThePayloadAndNotAgainWhileAbove() {
        put(rule("r1", "events", "signup", MINUTE, "above", 2));
        signups(PROJECT, 3);
        advance(Duration.ofSeconds(2));

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
        advance(Duration.ofSeconds(10));
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void aboveReArmsOnceAtOrUnderTheThresholdAndFiresAgain() {
        put(rule("r1", "events", "signup", MINUTE, "above", 2));
        signups(PROJECT, 3);
        advance(Duration.ofSeconds(2));
        Alert first = alerts.readValue();

        advance(MINUTE);
        assertThat(alerts.isEmpty()).isTrue();
        signups(PROJECT, 3);
        advance(Duration.ofSeconds(2));

        List<Alert> again = alerts.readValuesToList();
        assertThat(again).hasSize(1);
        assertThat(again.get(0).getTriggeredAt()).isEqualTo(T0.plusSeconds(64));
        assertThat(again.get(0).getPayload()).contains("\"count\":3");
        assertThat(again.get(0).getAlertId()).isNotEqualTo(first.getAlertId());
    }

    @Test
    void belowFiresWhenQuietForAWholeWindowOnceAndReArmsWhenRecordsCome() {
        put(rule("r1", "logs", "error", MINUTE, "below", 1));
        advance(Duration.ofSeconds(60));
        assertThat(alerts.isEmpty()).isTrue();

        // First seen at the first check (T0 + 1 s): judged a whole window later.
        advance(Duration.ofSeconds(1));
        List<Alert> fired = alerts.readValuesToList();
        assertThat(fired).extracting(Alert::getTriggeredAt).containsExactly(T0.plusSeconds(61));
        assertThat(fired.get(0).getPayload()).contains("\"source\":\"logs\",\"match\":\"error\","
                + "\"condition\":\"below\",\"threshold\":1,\"count\":0,\"window\":\"1m\"");
        advance(Duration.ofMinutes(2));
        assertThat(alerts.isEmpty()).isTrue();

        log(PROJECT, 4, "error", now);
        advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();
        advance(MINUTE);
        assertThat(alerts.readValuesToList()).hasSize(1);
    }

    @Test
    void onlyTheMatchingNameOrSeverityOfTheRulesOwnProjectCounts() {
        put(rule("signups", "events", "signup", MINUTE, "above", 0));
        put(rule("errors", "logs", "error", MINUTE, "above", 0));
        signups(OTHER_PROJECT, 3);
        send(event(PROJECT, "login", now));
        send(event(PROJECT, "Signup", now));
        erase(PROJECT, "u1");
        log(PROJECT, 5, "warn", now);
        log(PROJECT, 3, null, now);
        log(OTHER_PROJECT, 4, "error", now);
        advance(Duration.ofSeconds(5));
        assertThat(alerts.isEmpty()).isTrue();

        log(PROJECT, 4, null, now);
        advance(Duration.ofSeconds(2));
        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload).singleElement().asString()
                .contains("\"rule_id\":\"errors\"", "\"count\":1");
        signups(PROJECT, 1);
        advance(Duration.ofSeconds(2));
        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload).singleElement().asString()
                .contains("\"rule_id\":\"signups\"", "\"count\":1");
    }

    @Test
    void theWindowSlidesOldRecordsStopCounting() {
        put(rule("r1", "events", "signup", MINUTE, "above", 2));
        signups(PROJECT, 2);
        advance(Duration.ofSeconds(61));
        assertThat(alerts.isEmpty()).isTrue();

        signups(PROJECT, 2);
        send(event(PROJECT, "signup", now.minus(Duration.ofMinutes(5))));
        advance(Duration.ofSeconds(3));
        assertThat(alerts.isEmpty()).isTrue();

        signups(PROJECT, 1);
        advance(Duration.ofSeconds(2));
        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload).singleElement().asString()
                .contains("\"count\":3");
    }

    @Test
    void ruleChangesAndDeletionTakeEffectWithoutARestart() {
        put(rule("r1", "events", "signup", MINUTE, "above", 5));
        signups(PROJECT, 3);
        advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();

        // A new threshold keeps the count.
        put(rule("r1", "events", "signup", MINUTE, "above", 2));
        advance(Duration.ofSeconds(1));
        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload).singleElement().asString()
                .contains("\"threshold\":2,\"count\":3");

        // Counting something else starts from nothing.
        put(rule("r1", "events", "login", MINUTE, "above", 2));
        signups(PROJECT, 3);
        advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();
        for (int i = 0; i < 3; i++) {
            send(event(PROJECT, "login", now));
        }
        advance(Duration.ofSeconds(2));
        assertThat(alerts.readValuesToList()).extracting(Alert::getPayload).singleElement().asString()
                .contains("\"match\":\"login\"", "\"count\":3");

        // So does a new window.
        put(rule("r1", "events", "login", Duration.ofMinutes(2), "above", 2));
        send(event(PROJECT, "login", now));
        advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();

        rules.pipeInput(RecordKeys.owned(PROJECT, "r1"), null);
        for (int i = 0; i < 10; i++) {
            send(event(PROJECT, "login", now));
        }
        advance(Duration.ofMinutes(3));
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void aDisabledRuleNeverFiresAndCountsOnlyOnceEnabled() {
        AlertRule above = rule("above", "events", "signup", MINUTE, "above", 2);
        above.setEnabled(false);
        AlertRule below = rule("below", "events", "signup", MINUTE, "below", 5);
        below.setEnabled(false);
        put(above);
        put(below);
        signups(PROJECT, 10);
        advance(Duration.ofMinutes(3));
        assertThat(alerts.isEmpty()).isTrue();

        above.setEnabled(true);
        put(above);
        advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();
        signups(PROJECT, 3);
        advance(Duration.ofSeconds(2));
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

    private void put(AlertRule rule) {
        rules.pipeInput(RecordKeys.owned(rule.getProjectId(), rule.getRuleId()), rule, now);
    }

    private void signups(String project, int count) {
        for (int i = 0; i < count; i++) {
            send(event(project, "signup", now));
        }
    }

    private Event event(String project, String name, Instant at) {
        return Event.newBuilder().setEventId("evt_" + (++sequence)).setProjectId(project).setSource(Source.GOODLOGS)
                .setName(name).setUserId("u" + sequence % 3).setTimestamp(at).setReceivedAt(now)
                .setContext(EventContext.newBuilder().build()).build();
    }

    private void send(Event event) {
        events.pipeInput(new TestRecord<>(RecordKeys.user(event.getProjectId(), event.getUserId()), event,
                EventHeaders.of(event), event.getTimestamp()));
    }

    /** An erasure on the events topic: no value. */
    private void erase(String project, String user) {
        events.pipeInput(new TestRecord<>(RecordKeys.user(project, user), null, EventHeaders.erasure(), now));
    }

    /** A log entry; a null severity is a LogFlux entry, which has only its level. */
    private void log(String project, int level, String severity, Instant at) {
        String id = "log_" + (++sequence);
        LogEntry entry = LogEntry.newBuilder().setLogId(id).setProjectId(project)
                .setSource(severity == null ? Source.LOGFLUX : Source.GOODLOGS).setLevel(level).setSeverity(severity)
                .setTimestamp(at).setReceivedAt(now).setMessage("m").setContext(EventContext.newBuilder().build())
                .build();
        logs.pipeInput(RecordKeys.log(project, null, id), entry, at);
    }

    /** Advances the wall clock a check interval at a time, so that every check due runs. */
    private void advance(Duration duration) {
        for (long s = 0; s < duration.toSeconds(); s++) {
            now = now.plus(CHECK);
            driver.advanceWallClockTime(CHECK);
        }
    }
}
