package dev.eventlane.schemas.pipeline;

/**
 * A ClickHouse sink: one consumer group copying a topic into a table, exactly once.
 *
 * @param topic the topic it reads
 * @param table the table it fills
 * @param group its consumer group (an erasure follows its committed offsets)
 */
public record Sink(String topic, String table, String group) {
}
