package dev.eventlane.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.auth.ApiKeys;
import dev.eventlane.platform.auth.KeyDirectory;
import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.KeyType;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.KafkaBroker;

/**
 * Ingest's Kafka clients against a broker that authenticates (SASL PLAIN) and authorizes (ACLs), built from the
 * shared {@code kafka.*} settings as the service builds them: the right password gets in and may do what its ACLs
 * say (read keys, write events) and nothing else; a wrong password is refused.
 */
class SecuredKafkaTest {

    /** IngestConfig's default events topic. */
    private static final String EVENTS = "events";
    private static final String USER = "ingest";
    private static final String PASSWORD = "ingest-" + UUID.randomUUID();
    private static KafkaBroker kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = KafkaBroker.startWithSasl(Map.of(USER, PASSWORD));
        kafka.createTopics(1, Topics.API_KEYS, EVENTS);
        try (Admin admin = kafka.admin()) {
            admin.createAcls(List.of(allow(Topics.API_KEYS, AclOperation.READ),
                    allow(EVENTS, AclOperation.WRITE))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.destroy();
        }
    }

    @Test
    void theRightPasswordReadsKeysAndWritesEvents() throws Exception {
        String key = ApiKeys.random("ll_", ApiKeys.RANDOM_CHARS);
        publishGrant(key);
        KafkaSettings settings = settings(PASSWORD);
        try (KeyDirectory directory = KeyDirectory.start(settings, Topics.API_KEYS, List.of(), "free")) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> directory.lookup(key).status() == KeyDirectory.Status.VALID);
            assertThat(directory.problem()).isNull();
        }
        try (KafkaProducer<String, String> producer = producer(settings)) {
            assertThat(producer.send(new ProducerRecord<>(EVENTS, "k", "v")).get(30, TimeUnit.SECONDS)
                    .offset()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void anAuthenticatedUserMayDoOnlyWhatItsAclsGrant() {
        // Ingest reads the keys topic; writing to it (forging a key) is the control plane's alone.
        try (KafkaProducer<String, String> producer = producer(settings(PASSWORD))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.API_KEYS, "k", "v"))
                    .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        KafkaSettings wrong = settings("not-" + PASSWORD);
        try (Admin admin = Admin.create(wrong.with(Map.of()))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        try (KeyDirectory directory = KeyDirectory.start(wrong, Topics.API_KEYS, List.of(), "free")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> directory.problem() != null);
            assertThat(directory.problem()).contains("SaslAuthenticationException");
            assertThat(directory.caughtUp()).isFalse();
        }
    }

    @Test
    void settingsKeepOnlyConnectionPropertiesAndHideSecrets() {
        Map<String, Object> config = new HashMap<>(settings(PASSWORD).asMap());
        config.put("group.id", "eventlane-ingest");
        config.put("streams.state.dir", "/tmp/x");
        KafkaSettings settings = KafkaSettings.of(config);
        assertThat(settings.asMap()).containsOnlyKeys("bootstrap.servers", "security.protocol", "sasl.mechanism",
                "sasl.jaas.config");
        assertThat(settings.toString()).doesNotContain(PASSWORD).contains("SASL_PLAINTEXT");
    }

    /** What {@code kafka.*} configuration (KAFKA_SECURITY_PROTOCOL, ...) gives the service. */
    private static KafkaSettings settings(String password) {
        return KafkaSettings.of(Map.of(
                "bootstrap.servers", kafka.saslBootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + USER + "\" password=\"" + password + "\";"));
    }

    private static KafkaProducer<String, String> producer(KafkaSettings settings) {
        return new KafkaProducer<>(settings.with(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000)), new StringSerializer(), new StringSerializer());
    }

    private static AclBinding allow(String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + USER, "*", operation, AclPermissionType.ALLOW));
    }

    /** As the control plane does, over the broker's own (super user) listener. */
    private static void publishGrant(String key) throws Exception {
        KeyGrant grant = KeyGrant.newBuilder().setKeyId(UUID.randomUUID().toString()).setProjectId("p1")
                .setOrgId("org").setType(KeyType.SECRET).setScopes(List.of("ingest:write")).setPlan("free")
                .setRevoked(false).build();
        try (KafkaProducer<String, KeyGrant> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), EventlaneSerdes.keyGrant().serializer())) {
            producer.send(new ProducerRecord<>(Topics.API_KEYS, ApiKeys.hash(key), grant)).get(30, TimeUnit.SECONDS);
        }
    }
}
