package dev.eventlane.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.AlertRule;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.RulePredicate;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Alert rules counting distinct users ({@code count_distinct(distinct_id)}), on the TopologyTestDriver: the whole
 * path from events to alerts, with its stores read to see what each partition keeps and what the judge sums. The
 * driver has one partition; {@link DistinctPartialsTest} sums several. Time moves by the wall clock only.
 */
class DistinctUsersRulesTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final String PROJECT = "p1";
    private static final String OTHER_PROJECT = "p2";
    private static final String SIGNUP_USERS = "from:events event:signup | count_distinct(distinct_id) | last 1m";

    private AlertRulesRig rig;
    private TestOutputTopic<String, Alert> alerts;
    private int sequence;

    @BeforeEach
    void setUp() {
        rig = new AlertRulesRig("distinct-users-rules-test");
        alerts = rig.alerts;
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void aUserSeenAgainCountsOnceAndTheRuleFiresAboveItsThreshold() {
        AlertRule rule = distinct("r1", "above", 2);
        rig.put(rule);
        signup(PROJECT, "u1");
        signup(PROJECT, "u1");
        signup(PROJECT, "u2");
        signup(PROJECT, "u2");
        signup(OTHER_PROJECT, "u3");
        signup(OTHER_PROJECT, "u4");
        rig.send(event(PROJECT, "login", "u3"));
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(partials()).isEqualTo(Map.of(partition(rule), 2L));

        signup(PROJECT, "u3");
        rig.advance(Duration.ofSeconds(2));

        List<TestRecord<String, Alert>> fired = alerts.readRecordsToList();
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).key()).isEqualTo(PROJECT);
        assertThat(fired.get(0).value().getPayload()).isEqualTo("{\"event\":\"alert\","
                + "\"triggered_at\":\"2026-11-01T12:00:04Z\",\"rule_id\":\"r1\",\"name\":\"Rule r1\","
                + "\"source\":\"events\",\"query\":\"" + SIGNUP_USERS + "\",\"condition\":\"above\",\"threshold\":2,"
                + "\"count\":3,\"window\":\"1m\"}");
        assertThat(users()).containsOnlyKeys(user(rule, "u1"), user(rule, "u2"), user(rule, "u3"));
    }

    @Test
    void eventsWithoutAUserCountAsOneUserAsInTheEventsTable() {
        AlertRule rule = distinct("r1", "above", 1);
        rig.put(rule);
        signup(PROJECT, null);
        signup(PROJECT, null);
        signup(PROJECT, null);
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(partials()).isEqualTo(Map.of(partition(rule), 1L));

        signup(PROJECT, "u1");
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.readValuesToList()).singleElement()
                .satisfies(alert -> assertThat(alert.getPayload()).contains("\"count\":2"));
    }

    @Test
    void usersSlideOutOfTheWindowAWindowAfterTheyWereLastSeen() {
        AlertRule rule = distinct("r1", "above", 1);
        rig.put(rule);
        signup(PROJECT, "u1");
        rig.advance(Duration.ofSeconds(20));
        signup(PROJECT, "u2");
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.readValuesToList()).singleElement()
                .satisfies(alert -> assertThat(alert.getPayload()).contains("\"count\":2"));

        signup(PROJECT, "u1");
        // At 12:01:10, u1 (seen again at 12:00:22) and u2 (seen at 12:00:20) are both in the minute.
        rig.advance(Duration.ofSeconds(48));
        assertThat(partials()).isEqualTo(Map.of(partition(rule), 2L));
        // At 12:01:21, u2 has slid out (at 12:01:20); u1 stays until 12:01:22.
        rig.advance(Duration.ofSeconds(11));
        assertThat(partials()).isEqualTo(Map.of(partition(rule), 1L));
        assertThat(users()).containsOnlyKeys(user(rule, "u1"));
        rig.advance(Duration.ofSeconds(2));
        assertThat(partials()).isEmpty();
        assertThat(users()).isEmpty();
        assertThat(alerts.isEmpty()).isTrue();

        signup(PROJECT, "u3");
        signup(PROJECT, "u4");
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.readValuesToList()).singleElement().satisfies(alert -> assertThat(alert.getPayload())
                .contains("\"triggered_at\":\"2026-11-01T12:01:25Z\"", "\"count\":2"));
    }

    @Test
    void belowFiresWhenTooFewUsersWereSeenInAWholeWindowAndReArmsWhenEnoughAre() {
        rig.put(distinct("r1", "below", 2));
        rig.advance(Duration.ofSeconds(30));
        signup(PROJECT, "u1");
        signup(PROJECT, "u1");
        signup(PROJECT, "u1");
        rig.advance(Duration.ofSeconds(29));
        assertThat(alerts.isEmpty()).isTrue();
        rig.advance(Duration.ofSeconds(3));
        assertThat(alerts.readValuesToList()).singleElement().satisfies(alert -> assertThat(alert.getPayload())
                .contains("\"condition\":\"below\"", "\"threshold\":2", "\"count\":1"));

        signup(PROJECT, "u2");
        signup(PROJECT, "u3");
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();
        // u1 (seen at 12:00:30) slides out at 12:01:30; u2 and u3 (seen at 12:01:02) keep 2 until 12:02:02.
        rig.advance(Duration.ofSeconds(57));
        assertThat(alerts.isEmpty()).isTrue();
        rig.advance(Duration.ofSeconds(3));
        assertThat(alerts.readValuesToList()).singleElement()
                .satisfies(alert -> assertThat(alert.getPayload()).contains("\"count\":0"));
    }

    @Test
    void aPartitionKeepsAtMostThresholdPlusOneUsersTheLatestSeen() {
        AlertRule rule = distinct("r1", "above", 2);
        rig.put(rule);
        for (String user : List.of("u1", "u2", "u3", "u4", "u5")) {
            signup(PROJECT, user);
            rig.advance(Duration.ofSeconds(10));
        }
        assertThat(users()).containsOnlyKeys(user(rule, "u3"), user(rule, "u4"), user(rule, "u5"));
        assertThat(alerts.readValuesToList()).singleElement()
                .satisfies(alert -> assertThat(alert.getPayload()).contains("\"count\":3"));

        // u1, seen again, is one of the latest: it takes the place of u3, the earliest seen of the three.
        signup(PROJECT, "u1");
        rig.advance(Duration.ofSeconds(2));
        assertThat(users()).containsOnlyKeys(user(rule, "u4"), user(rule, "u5"), user(rule, "u1"));
        assertThat(partials()).isEqualTo(Map.of(partition(rule), 3L));

        // At 12:01:31, u4 (seen at 12:00:30) has slid out: u5 and u1 are 2, exactly, not above 2, so the rule
        // re-arms, and u2 makes it fire again.
        rig.advance(Duration.ofSeconds(39));
        assertThat(partials()).isEqualTo(Map.of(partition(rule), 2L));
        signup(PROJECT, "u2");
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.readValuesToList()).singleElement()
                .satisfies(alert -> assertThat(alert.getPayload()).contains("\"count\":3"));
    }

    @Test
    void aNewThresholdStartsAfreshAndADeletedRuleLeavesNoState() {
        AlertRule rule = distinct("r1", "above", 5);
        rig.put(rule);
        signup(PROJECT, "u1");
        signup(PROJECT, "u2");
        signup(PROJECT, "u3");
        rig.advance(Duration.ofSeconds(2));
        assertThat(partials()).isEqualTo(Map.of(partition(rule), 3L));

        AlertRule lower = distinct("r1", "above", 1);
        rig.put(lower);
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(users()).isEmpty();
        assertThat(partials()).isEmpty();

        signup(PROJECT, "u1");
        signup(PROJECT, "u2");
        rig.advance(Duration.ofSeconds(2));
        assertThat(alerts.readValuesToList()).singleElement()
                .satisfies(alert -> assertThat(alert.getPayload()).contains("\"threshold\":1", "\"count\":2"));
        assertThat(partials()).isEqualTo(Map.of(partition(lower), 2L));

        rig.rules.pipeInput(RecordKeys.owned(PROJECT, "r1"), null, rig.now());
        signup(PROJECT, "u3");
        rig.advance(Duration.ofSeconds(2));
        assertThat(users()).isEmpty();
        assertThat(partials()).isEmpty();
        assertThat(store(AlertRules.FIRST_SEEN_STORE)).isEmpty();
        assertThat(store(AlertRules.FIRED_STORE)).isEmpty();
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void aPartitionsCountGoesToTheRulesPartition() {
        RulePartitioner partitioner = new RulePartitioner();
        for (String ruleId : List.of("r1", "r2", "a-much-longer-rule-id")) {
            CountedRule rule = new CountedRule(distinct(ruleId, "above", 3));
            int partition = RulePartitioner.partition(RecordKeys.owned(PROJECT, ruleId), 6);
            for (int source = 0; source < 12; source++) {
                assertThat(partitioner.partitions(Topics.ALERTS, rule.partitionKey(source), 1L, 6))
                        .contains(Set.of(partition));
            }
        }
    }

    static AlertRule distinct(String id, String condition, long threshold) {
        RulePredicate signups = RulePredicate.newBuilder().setOp("eq").setColumn("name").setValues(List.of("signup"))
                .build();
        return AlertRule.newBuilder().setRuleId(id).setProjectId(PROJECT).setName("Rule " + id).setSource("events")
                .setMatch("").setWindowMs(MINUTE.toMillis()).setCondition(condition).setThreshold(threshold)
                .setEnabled(true).setQuery(SIGNUP_USERS).setFilter(signups).setAggregation("count_distinct").build();
    }

    private static String partition(AlertRule rule) {
        return new CountedRule(rule).partitionKey(0);
    }

    private static String user(AlertRule rule, String user) {
        return new CountedRule(rule).version() + RecordKeys.SEPARATOR + user;
    }

    /** What the judge holds: each partition's latest count. */
    private Map<String, Object> partials() {
        return store(AlertRules.BUCKETS_STORE);
    }

    /** What the partition keeps: its users, with the time each was last seen. */
    private Map<String, Object> users() {
        return store(AlertRules.LOCAL_USERS_STORE);
    }

    private Map<String, Object> store(String name) {
        KeyValueStore<String, Object> store = rig.driver.getKeyValueStore(name);
        Map<String, Object> all = new TreeMap<>();
        try (KeyValueIterator<String, Object> it = store.all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        return all;
    }

    private void signup(String project, String user) {
        rig.send(event(project, "signup", user));
    }

    private Event event(String project, String name, String user) {
        return Event.newBuilder().setEventId("evt_" + (++sequence)).setProjectId(project).setSource(Source.GOODLOGS)
                .setName(name).setUserId(user).setTimestamp(rig.now()).setReceivedAt(rig.now())
                .setContext(EventContext.newBuilder().build()).build();
    }
}
