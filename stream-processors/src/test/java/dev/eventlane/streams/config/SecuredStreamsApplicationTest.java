package dev.eventlane.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.testkit.KafkaBroker;

/**
 * A hand-started Kafka Streams application (analytics and alerting are) connects with the service's shared
 * {@code kafka.*} settings: against a broker that only lets SASL users in through the listener used here, records
 * flow through it. Before, it got the bootstrap address alone and could not connect at all.
 */
class SecuredStreamsApplicationTest {

    private static final String USER = "streams";
    private static final String PASSWORD = "streams-" + UUID.randomUUID();
    private static final String IN = "secured-in";
    private static final String OUT = "secured-out";

    @Test
    void recordsFlowThroughAnApplicationOnASaslListener() throws Exception {
        KafkaBroker kafka = KafkaBroker.startWithSasl(Map.of(USER, PASSWORD));
        StreamsApplication application = null;
        try {
            kafka.createTopics(1, IN, OUT);
            try (Admin admin = kafka.admin()) {
                admin.createAcls(List.of(allow(ResourceType.TOPIC), allow(ResourceType.GROUP)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            KafkaSettings settings = KafkaSettings.of(Map.of(
                    "bootstrap.servers", kafka.saslBootstrapServers(),
                    "security.protocol", "SASL_PLAINTEXT",
                    "sasl.mechanism", "PLAIN",
                    "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                            + USER + "\" password=\"" + PASSWORD + "\";"));
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(IN, Consumed.with(Serdes.String(), Serdes.String()))
                    .to(OUT, Produced.with(Serdes.String(), Serdes.String()));
            var config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                    "kafka-streams.state.dir", kafka.workDir().resolve("streams-state").toString(),
                    "kafka-streams.consumer.auto.offset.reset", "earliest"), "test", 100)).build();
            application = StreamsApplication.start("Secured", "secured-app-" + UUID.randomUUID(),
                    Duration.ofMillis(100), builder.build(), settings, config, new SimpleMeterRegistry());

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>(IN, "k", "through")).get(30, TimeUnit.SECONDS);
            }
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(OUT));
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                    return !values.isEmpty();
                });
            }
            assertThat(values).containsExactly("through");
            assertThat(application.isRunning()).isTrue();
        } finally {
            if (application != null) {
                application.close();
            }
            kafka.destroy();
        }
    }

    private static AclBinding allow(ResourceType type) {
        return new AclBinding(new ResourcePattern(type, "*", PatternType.LITERAL),
                new AccessControlEntry("User:" + USER, "*", AclOperation.ALL, AclPermissionType.ALLOW));
    }
}
