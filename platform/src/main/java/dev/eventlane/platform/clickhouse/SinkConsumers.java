package dev.eventlane.platform.clickhouse;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumers for a {@link ClickHouseSink}: keys and values as raw bytes, so nothing fails inside {@code poll} and
 * the sink decodes (and dead-letters) values itself.
 */
public final class SinkConsumers {

    private SinkConsumers() {
    }

    /** A new consumer with these settings on every call. */
    public static Supplier<Consumer<byte[], byte[]>> of(Map<String, Object> settings) {
        Map<String, Object> copy = new HashMap<>(settings);
        return () -> new KafkaConsumer<>(copy, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
