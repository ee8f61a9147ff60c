package dev.eventlane.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
import dev.eventlane.schemas.RulePredicate;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * Alert rules whose condition is a GQL query, on the TopologyTestDriver: query-api ships the compiled filter in the
 * rule record, the evaluator counts the records it matches. Time moves by the wall clock only.
 */
class GqlAlertRulesTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final String PROJECT = "p1";
    private static final String OTHER_PROJECT = "p2";
    private static final String BILLING_ERRORS = "severity:error service:billing | count | last 1m";

    private AlertRulesRig rig;
    private TestInputTopic<String, LogEntry> logs;
    private TestOutputTopic<String, Alert> alerts;
    private int sequence;

    @BeforeEach
    void setUp() {
        rig = new AlertRulesRig("gql-alert-rules-test");
        alerts = rig.alerts;
        logs = rig.logs;
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void aGqlRuleCountsTheRecordsItsFilterMatchesInItsProjectAndFiresWithItsQuery() {
        rig.put(gqlRule("r1", "logs", BILLING_ERRORS, billingErrors("billing"), 1));
        log(PROJECT, "error", "billing");
        log(PROJECT, "error", "search");
        log(PROJECT, "warn", "billing");
        log(PROJECT, null, "billing");
        log(OTHER_PROJECT, "error", "billing");
        log(OTHER_PROJECT, "error", "billing");
        rig.send(event(PROJECT, "error", Map.of("service", "\"billing\"")));
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();

        log(PROJECT, "error", "billing");
        rig.advance(Duration.ofSeconds(2));

        List<TestRecord<String, Alert>> fired = alerts.readRecordsToList();
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).key()).isEqualTo(PROJECT);
        Alert alert = fired.get(0).value();
        assertThat(alert.getKind()).isEqualTo("alert");
        assertThat(alert.getProjectId()).isEqualTo(PROJECT);
        assertThat(alert.getPayload()).isEqualTo("{\"event\":\"alert\",\"triggered_at\":\"2026-11-01T12:00:04Z\","
                + "\"rule_id\":\"r1\",\"name\":\"Rule r1\",\"source\":\"logs\",\"query\":\"severity:error "
                + "service:billing | count | last 1m\",\"condition\":\"above\",\"threshold\":1,\"count\":2,"
                + "\"window\":\"1m\"}");
    }

    @Test
    void aChangedFilterStartsTheCountAfresh() {
        rig.put(gqlRule("r1", "logs", BILLING_ERRORS, billingErrors("billing"), 2));
        log(PROJECT, "error", "billing");
        log(PROJECT, "error", "billing");
        rig.advance(Duration.ofSeconds(2));

        rig.put(gqlRule("r1", "logs", "severity:error service:search | count | last 1m", billingErrors("search"), 2));
        log(PROJECT, "error", "search");
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();

        log(PROJECT, "error", "search");
        log(PROJECT, "error", "search");
        rig.advance(Duration.ofSeconds(2));
        List<Alert> fired = alerts.readValuesToList();
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).getPayload()).contains("\"count\":3", "service:search");
    }

    @Test
    void anEventRuleComparesPropertiesAsNumbers() {
        RulePredicate bigPurchases = RulePredicate.newBuilder().setOp("and").setChildren(List.of(
                leaf("eq", "name", null, false, "purchase"), leaf("gt", null, "amount", true, "100"))).build();
        rig.put(gqlRule("big", "events", "from:events event:purchase | where amount > 100 | count | last 1m",
                bigPurchases, 0));
        rig.send(event(PROJECT, "purchase", Map.of("amount", "99.5")));
        rig.send(event(PROJECT, "purchase", Map.of("amount", "\"500\"")));
        rig.send(event(PROJECT, "purchase", Map.of()));
        rig.send(event(PROJECT, "refund", Map.of("amount", "500")));
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();

        rig.send(event(PROJECT, "purchase", Map.of("amount", "100.01")));
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.readValuesToList()).singleElement()
                .satisfies(alert -> assertThat(alert.getPayload()).contains("\"count\":1", "\"source\":\"events\""));
    }

    /** {@code severity:error service:<service>}, as query-api compiles it. */
    private static RulePredicate billingErrors(String service) {
        return RulePredicate.newBuilder().setOp("and").setChildren(List.of(leaf("eq", "severity", null, false,
                "error"), leaf("eq", null, "service", false, service))).build();
    }

    private static RulePredicate leaf(String op, String column, String property, boolean numeric, String value) {
        return RulePredicate.newBuilder().setOp(op).setColumn(column).setProperty(property).setNumeric(numeric)
                .setValues(List.of(value)).build();
    }

    private static AlertRule gqlRule(String id, String source, String query, RulePredicate filter, long threshold) {
        return AlertRule.newBuilder().setRuleId(id).setProjectId(PROJECT).setName("Rule " + id).setSource(source)
                .setMatch("").setWindowMs(MINUTE.toMillis()).setCondition("above").setThreshold(threshold)
                .setEnabled(true).setQuery(query).setFilter(filter).build();
    }

    private Event event(String project, String name, Map<String, String> properties) {
        return Event.newBuilder().setEventId("evt_" + (++sequence)).setProjectId(project).setSource(Source.GOODLOGS)
                .setName(name).setUserId("u" + sequence % 3).setTimestamp(rig.now()).setReceivedAt(rig.now())
                .setProperties(properties).setContext(EventContext.newBuilder().build()).build();
    }

    /** A log entry of a service; a null severity is a LogFlux entry (level 3, which GoodLogs has no name for). */
    private void log(String project, String severity, String service) {
        String id = "log_" + (++sequence);
        LogEntry entry = LogEntry.newBuilder().setLogId(id).setProjectId(project)
                .setSource(severity == null ? Source.LOGFLUX : Source.GOODLOGS).setLevel(severity == null ? 3 : 4)
                .setSeverity(severity).setTimestamp(rig.now()).setReceivedAt(rig.now()).setMessage("m")
                .setProperties(Map.of("service", "\"" + service + "\"")).setContext(EventContext.newBuilder().build())
                .build();
        logs.pipeInput(RecordKeys.log(project, null, id), entry, rig.now());
    }
}
