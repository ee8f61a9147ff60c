package dev.eventlane.streams.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "eventlane.topics")
public interface TopicsConfig {

    /** Partitions of the topics created at start-up when missing. */
    @WithDefault("6")
    int partitions();

    /**
     * Replication factor of the topics created at start-up, and of Kafka Streams' internal topics
     * ({@code kafka-streams.replication.factor} is set from it); -1: the broker's {@code default.replication.factor}.
     */
    @WithDefault("-1")
    short replicationFactor();

    /**
     * {@code min.insync.replicas} of the topics created at start-up; absent: the broker's. With {@code acks=all} a
     * write needs this many replicas, so replication factor 3 with 2 here survives any one broker.
     */
    Optional<Integer> minInsyncReplicas();

    /**
     * How long start-up keeps trying to create the topics while Kafka does not answer (it may start after this
     * service); then start-up fails and the orchestrator restarts the service.
     */
    @WithDefault("5m")
    Duration createTimeout();
}
