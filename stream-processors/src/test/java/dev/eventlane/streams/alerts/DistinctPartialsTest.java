package dev.eventlane.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.AlertRule;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.shared.GlobalStores;

/**
 * The judge of distinct counts, alone on the TopologyTestDriver, fed the counts of several partitions of events as
 * the repartition by rule brings them: each partition's latest count replaces its previous one, and the rule's count
 * is their sum.
 */
class DistinctPartialsTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");
    private static final Duration CHECK = Duration.ofSeconds(1);
    private static final String PARTIALS = "partition-counts";

    private TopologyTestDriver driver;
    private TestInputTopic<String, AlertRule> rules;
    private TestInputTopic<String, Long> partials;
    private TestOutputTopic<String, Alert> alerts;

    @BeforeEach
    void setUp() {
        StreamsBuilder builder = new StreamsBuilder();
        GlobalStores.addRulesStore(builder);
        RuleEvaluator.Stores stores = new RuleEvaluator.Stores("buckets", "first-seen", "fired");
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(stores.buckets()),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(stores.firstSeen()),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(stores.fired()),
                Serdes.String(), Serdes.String()));
        builder.stream(PARTIALS, Consumed.with(Serdes.String(), Serdes.Long()))
                .process(() -> new RuleEvaluator(stores, CHECK, 1), stores.buckets(), stores.firstSeen(),
                        stores.fired())
                .to(Topics.ALERTS, Produced.with(Serdes.String(), EventlaneSerdes.alert()));
        driver = new TopologyTestDriver(builder.build(), AlertRulesRig.props("distinct-partials-test"), T0);
        rules = driver.createInputTopic(Topics.ALERT_RULES, Serdes.String().serializer(),
                EventlaneSerdes.alertRule().serializer());
        partials = driver.createInputTopic(PARTIALS, Serdes.String().serializer(), Serdes.Long().serializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, Serdes.String().deserializer(),
                EventlaneSerdes.alert().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void theLatestCountOfEachPartitionIsSummed() {
        AlertRule rule = DistinctUsersRulesTest.distinct("r1", "above", 4);
        rules.pipeInput(RecordKeys.owned(rule.getProjectId(), rule.getRuleId()), rule, T0);
        CountedRule counted = new CountedRule(rule);
        partials.pipeInput(counted.partitionKey(0), 1L, T0);
        partials.pipeInput(counted.partitionKey(0), 2L, T0);
        partials.pipeInput(counted.partitionKey(1), 2L, T0);
        driver.advanceWallClockTime(CHECK);
        assertThat(alerts.isEmpty()).isTrue();

        partials.pipeInput(counted.partitionKey(2), 1L, T0);
        // A count of the rule's version before its threshold changed is not the rule's any more.
        CountedRule before = new CountedRule(DistinctUsersRulesTest.distinct("r1", "above", 3));
        partials.pipeInput(before.partitionKey(3), 4L, T0);
        driver.advanceWallClockTime(CHECK);
        assertThat(alerts.readValuesToList()).singleElement()
                .satisfies(alert -> assertThat(alert.getPayload()).contains("\"threshold\":4,\"count\":5"));

        partials.pipeInput(counted.partitionKey(0), 0L, T0);
        driver.advanceWallClockTime(CHECK);
        partials.pipeInput(counted.partitionKey(1), 5L, T0);
        driver.advanceWallClockTime(CHECK);
        assertThat(alerts.readValuesToList()).singleElement()
                .satisfies(alert -> assertThat(alert.getPayload()).contains("\"count\":6"));
    }
}
