package dev.eventlane.schemas.pipeline;

import java.util.Map;

/**
 * A Kafka topic of the pipeline and how it is created when missing.
 *
 * @param name       the topic's name
 * @param partitions its partition count; {@link #PIPELINE_PARTITIONS}: the count configured for the pipeline's topics
 *                   ({@code eventlane.topics.partitions}), which every topic keyed by user shares
 * @param configs    topic configuration beyond the broker's defaults (cleanup policy, retention, record size)
 * @param creator    the service that creates it when missing
 * @param contents   what its records are and how they are keyed
 */
public record Topic(String name, int partitions, Map<String, String> configs, Service creator, String contents) {

    /** The partition count configured for the pipeline's topics. */
    public static final int PIPELINE_PARTITIONS = 0;

    /** The services that create topics. */
    public enum Service {
        INGEST_API, STREAM_PROCESSORS, QUERY_API
    }

    public Topic {
        configs = Map.copyOf(configs);
    }

    /** Whether only the latest record of a key matters (the topic is compacted). */
    public boolean compacted() {
        return configs.getOrDefault("cleanup.policy", "delete").contains("compact");
    }
}
