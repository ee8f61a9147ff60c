package dev.eventlane.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;

import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.schemas.pipeline.Topics;

/** The settings each topic is created with; the scale-out e2e test reads them back from a three-broker cluster. */
class TopicsInitializerTest {

    @Test
    void minInsyncReplicasGoesOnEveryTopicWhenConfiguredAndBesideTheTopicsOwnSettings() {
        TopicsConfig scaledOut = config(Optional.of(2));

        assertThat(TopicsInitializer.configsOf(Topics.EVENTS, scaledOut))
                .containsOnlyKeys(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)
                .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        assertThat(TopicsInitializer.configsOf(Topics.FUNNEL_LEVELS, scaledOut))
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        assertThat(TopicsInitializer.configsOf(Topics.LOGS, scaledOut))
                .containsEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        Integer.toString(Topics.LARGE_RECORD_BYTES))
                .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
    }

    @Test
    void withoutMinInsyncReplicasTheBrokersDefaultApplies() {
        assertThat(TopicsInitializer.configsOf(Topics.EVENTS, config(Optional.empty()))).isEmpty();
        assertThat(TopicsInitializer.configsOf(Topics.ALERT_RULES, config(Optional.empty())))
                .containsOnlyKeys(TopicConfig.CLEANUP_POLICY_CONFIG);
    }

    @Test
    void startUpFailsWhenKafkaDoesNotAnswerWithinTheCreateTimeoutInsteadOfGoingOnWithoutTopics() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        TopicsInitializer initializer = new TopicsInitializer(KafkaSettings.bootstrap("127.0.0.1:" + port),
                config(Optional.empty()));

        assertThatThrownBy(initializer::createTopics).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("eventlane.topics.create-timeout");
    }

    private static TopicsConfig config(Optional<Integer> minInsyncReplicas) {
        return new TopicsConfig() {
            @Override
            public int partitions() {
                return 6;
            }

            @Override
            public short replicationFactor() {
                return 3;
            }

            @Override
            public Optional<Integer> minInsyncReplicas() {
                return minInsyncReplicas;
            }

            @Override
            public Duration createTimeout() {
                return Duration.ofSeconds(3);
            }
        };
    }
}
