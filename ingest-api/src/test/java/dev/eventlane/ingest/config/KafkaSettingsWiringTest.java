package dev.eventlane.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;

/**
 * The settings every Kafka client of ingest gets are the service's {@code kafka.*} configuration (the
 * kafka-client extension's {@code default-kafka-broker} map): connection and security settings, nothing else.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
@TestProfile(KafkaSettingsWiringTest.ClientSettings.class)
class KafkaSettingsWiringTest {

    public static class ClientSettings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Connection settings that work against the test's PLAINTEXT broker, plus one that is not shared.
            return Map.of("kafka.security.protocol", "PLAINTEXT",
                    "kafka.client.dns.lookup", "use_all_dns_ips",
                    "kafka.ssl.endpoint.identification.algorithm", "",
                    "kafka.acks", "0");
        }
    }

    @Inject
    KafkaSettings settings;

    @Test
    void clientsGetTheKafkaConnectionSettingsOfTheConfiguration() {
        assertThat(settings.asMap())
                .containsEntry("bootstrap.servers", Stack.get().kafka().bootstrapServers())
                .containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry("client.dns.lookup", "use_all_dns_ips")
                .doesNotContainKeys("acks", "group.id", "ssl.endpoint.identification.algorithm");
    }
}
