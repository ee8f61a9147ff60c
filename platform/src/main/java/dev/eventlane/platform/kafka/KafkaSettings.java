package dev.eventlane.platform.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The connection settings every Kafka client of a service shares: where the brokers are and how to authenticate
 * (SASL, TLS). Services build it from their {@code kafka.*} configuration; each client lays its own settings on top.
 *
 * <p>Only connection and security settings are kept: tuning ({@code acks}, {@code group.id}, ...) belongs to each
 * client, and a service's unrelated {@code kafka*} keys (such as {@code kafka-streams.*}) must not leak into it.
 */
public final class KafkaSettings {

    /** Keys (exact, or prefixes ending in a dot) that are connection settings. */
    private static final List<String> SHARED = List.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG, "sasl.",
            "ssl.");

    private final Map<String, Object> common;

    private KafkaSettings(Map<String, Object> common) {
        this.common = Map.copyOf(common);
    }

    /** Plain connection to {@code bootstrapServers}: tests and tools. */
    public static KafkaSettings bootstrap(String bootstrapServers) {
        return of(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * The connection settings among {@code config}: client property names without their {@code kafka.} prefix, as
     * Quarkus's {@code @Identifier("default-kafka-broker")} map has them.
     *
     * @throws IllegalArgumentException without {@code bootstrap.servers}
     */
    public static KafkaSettings of(Map<String, ?> config) {
        Map<String, Object> kept = new HashMap<>();
        config.forEach((key, value) -> {
            if (value != null && !value.toString().isEmpty() && isShared(key)) {
                kept.put(key, value);
            }
        });
        if (!kept.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is not set");
        }
        return new KafkaSettings(kept);
    }

    private static boolean isShared(String key) {
        return SHARED.stream().anyMatch(shared -> shared.endsWith(".") ? key.startsWith(shared) : key.equals(shared));
    }

    /** The brokers' address list. */
    public String bootstrapServers() {
        return common.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).toString();
    }

    /** The shared settings with {@code specific} on top: the properties of one consumer, producer or admin. */
    public Map<String, Object> with(Map<String, ?> specific) {
        Map<String, Object> merged = new HashMap<>(common);
        merged.putAll(specific);
        return merged;
    }

    /** The shared settings alone. */
    public Map<String, Object> asMap() {
        return common;
    }

    /** Names and non-secret values, for logs: passwords and JAAS configuration are masked. */
    @Override
    public String toString() {
        Map<String, Object> shown = new TreeMap<>();
        common.forEach((key, value) -> shown.put(key, isSecret(key) ? "[hidden]" : value));
        return shown.toString();
    }

    private static boolean isSecret(String key) {
        return key.contains("password") || key.equals("sasl.jaas.config") || key.endsWith(".key")
                || key.contains("keystore.key") || key.contains("certificate.chain");
    }
}
