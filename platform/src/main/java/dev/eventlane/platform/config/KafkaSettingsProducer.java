package dev.eventlane.platform.config;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.smallrye.common.annotation.Identifier;

import dev.eventlane.platform.kafka.KafkaSettings;

/**
 * The connection settings (brokers, SASL, TLS) every Kafka client of this service shares: the {@code kafka.*}
 * configuration (env {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_JAAS_CONFIG}, ...), as the kafka-client
 * extension collects it.
 */
@ApplicationScoped
public class KafkaSettingsProducer {

    @Produces
    @Singleton
    KafkaSettings settings(@Identifier("default-kafka-broker") Map<String, Object> config) {
        return KafkaSettings.of(config);
    }
}
