package dev.eventlane.ingest;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.eventlane.platform.auth.ApiKeys;
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.KeyType;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.Stack;

/** Keys issued as the control plane issues them: a grant on the keys topic, read by ingest-api's key directory. */
public final class IssuedKeys {

    private IssuedKeys() {
    }

    /**
     * A new key of {@code project} on the brother plan, once ingest knows it.
     *
     * @param known whether ingest has read the grant, given the key (true once a request is no longer a 401)
     */
    public static String issue(String project, KeyType type, List<String> scopes, Predicate<String> known) {
        return issue(project, "brother", type, scopes, known);
    }

    /** A new key of {@code project} on {@code plan}, once ingest knows it ({@code known}, as above). */
    public static String issue(String project, String plan, KeyType type, List<String> scopes,
            Predicate<String> known) {
        String key = ApiKeys.random("ll_", ApiKeys.RANDOM_CHARS);
        grant(key, project, plan, type, scopes, false);
        // Within a second normally; the bound leaves room for a loaded CI machine.
        await().atMost(Duration.ofSeconds(30)).until(() -> known.test(key));
        return key;
    }

    /** Publishes (or, with {@code revoked}, revokes) the key's grant as the control plane does. */
    public static void grant(String key, String project, String plan, KeyType type, List<String> scopes,
            boolean revoked) {
        grant(key, project, plan, type, scopes, revoked, List.of());
    }

    /** As above, for a project that allows browser requests from {@code allowedOrigins} only (empty: any). */
    public static void grant(String key, String project, String plan, KeyType type, List<String> scopes,
            boolean revoked, List<String> allowedOrigins) {
        KeyGrant grant = KeyGrant.newBuilder().setKeyId(UUID.randomUUID().toString()).setProjectId(project)
                .setOrgId("org").setType(type).setScopes(scopes).setPlan(plan).setRevoked(revoked)
                .setAllowedOrigins(allowedOrigins).build();
        try (KafkaProducer<String, KeyGrant> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.get().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), EventlaneSerdes.keyGrant().serializer())) {
            producer.send(new ProducerRecord<>(Topics.API_KEYS, ApiKeys.hash(key), grant)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish a key grant", e);
        }
    }
}
