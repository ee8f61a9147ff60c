package dev.eventlane.streams.alerts;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Routes bucket counts by their rule, whatever the version and bucket, so that one task holds all of a rule's
 * counts; that task is also the one that judges the rule ({@link #partition}), counts or not.
 */
final class RulePartitioner implements StreamPartitioner<String, Long> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String bucketKey, Long count, int numPartitions) {
        return Optional.of(Set.of(partition(CountedRule.ruleOf(CountedRule.versionOf(bucketKey)), numPartitions)));
    }

    /** The partition of a rule, by its key on the rules topic (murmur2, as Kafka's default partitioner). */
    static int partition(String ruleKey, int partitions) {
        return Utils.toPositive(Utils.murmur2(ruleKey.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
