package dev.eventlane.platform.auth;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.platform.kafka.TopicPoller;
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.KeyType;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Every API key of every project, held in memory and kept current from the compacted topic
 * {@value Topics#API_KEYS}, which the control plane (query-api) writes. ingest-api and query-api authenticate each
 * request against it, so neither asks PostgreSQL per request, and ingest keeps accepting valid keys while PostgreSQL
 * is down. A revocation is on the topic as soon as the control plane answers, and reaches every instance within one
 * poll (~100 ms).
 *
 * <p>Keys are looked up by their SHA-256 hash; the directory never holds a key itself. Keys given by configuration
 * ({@code key=project} pairs, for operators and tests) are secret keys with every scope on the configured plan.
 */
public final class KeyDirectory extends TopicPoller {

    private static final Logger LOG = LoggerFactory.getLogger(KeyDirectory.class);

    private final Map<String, KeyGrant> grants = new ConcurrentHashMap<>();
    private final Map<String, KeyGrant> configured;
    private final Consumer<String, byte[]> consumer;
    private final Deserializer<KeyGrant> values = EventlaneSerdes.keyGrant().deserializer();
    private volatile boolean caughtUp;
    /** The end offsets of the topic's partitions when reading began (the poller thread's own). */
    private Map<TopicPartition, Long> startEnds;

    /** What a key is, as far as the directory knows. */
    public enum Status {
        /** A key that works. */
        VALID,
        /** A key the control plane revoked. */
        REVOKED,
        /** No such key. */
        UNKNOWN,
        /** Not known yet, and the directory has not read the whole topic yet: answer 503, not 401. */
        LOADING
    }

    /** The outcome of a lookup: the grant when {@link Status#VALID}. */
    public record Lookup(Status status, KeyGrant grant) {
    }

    private KeyDirectory(Map<String, KeyGrant> configured, Consumer<String, byte[]> consumer, String topic) {
        super(topic, "eventlane-key-directory");
        this.configured = configured;
        this.consumer = consumer;
    }

    /**
     * Starts reading {@code topic} from its beginning, in a thread of its own.
     *
     * @param configuredKeys {@code key=projectId} pairs of keys given by configuration
     * @param configuredPlan the plan of those keys' projects
     */
    public static KeyDirectory start(KafkaSettings kafka, String topic, List<String> configuredKeys,
            String configuredPlan) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "eventlane-key-directory");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) POLL.toMillis());
        // Back within a fraction of a second of the broker: a revocation waiting out an outage must not wait longer.
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250);
        props.put(ConsumerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 250);
        // A compacted topic is read whole: if an offset is gone (topic recreated), start from its beginning again.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Consumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.with(props), new StringDeserializer(),
                new ByteArrayDeserializer());
        KeyDirectory directory = new KeyDirectory(configured(configuredKeys, configuredPlan), consumer, topic);
        directory.startPolling();
        return directory;
    }

    /** What the request's {@code Authorization: Bearer <key>} is; {@link Status#UNKNOWN} without a bearer key. */
    public Lookup lookup(String key) {
        String hash = ApiKeys.hash(key);
        KeyGrant grant = configured.get(hash);
        if (grant == null) {
            grant = grants.get(hash);
        }
        if (grant == null) {
            return new Lookup(caughtUp ? Status.UNKNOWN : Status.LOADING, null);
        }
        return grant.getRevoked() ? new Lookup(Status.REVOKED, null) : new Lookup(Status.VALID, grant);
    }

    /**
     * The grant of the request's bearer key, if the key is valid and holds {@code scope}.
     *
     * @param refused turns a refusal into the caller's own exception
     */
    public <X extends RuntimeException> KeyGrant authorize(String authorization, String scope,
            Function<Refusal, X> refused) {
        String key = ApiKeys.bearer(authorization).orElseThrow(() -> refused.apply(Refusal.MISSING));
        Lookup found = lookup(key);
        switch (found.status()) {
            case VALID -> {
                if (!found.grant().getScopes().contains(scope)) {
                    throw refused.apply(Refusal.forbidden(scope));
                }
                return found.grant();
            }
            case REVOKED -> throw refused.apply(Refusal.REVOKED);
            case LOADING -> throw refused.apply(Refusal.LOADING);
            default -> throw refused.apply(Refusal.UNKNOWN);
        }
    }

    /** Whether the directory has read the topic up to where it ended when the directory started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    @Override
    protected void round() {
        if (startEnds == null) {
            startEnds = assignAll();
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
            apply(record);
        }
        if (!caughtUp && startEnds.entrySet().stream()
                .allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
            caughtUp = true;
            LOG.info("Key directory loaded: {} keys", grants.size());
        }
    }

    @Override
    protected void finish() {
        consumer.close();
    }

    @Override
    protected void wakeUp() {
        synchronized (this) {
            notifyAll();
        }
        consumer.wakeup();
    }

    /** Assigns every partition of the topic (waiting until it exists) from the beginning; their end offsets now. */
    private Map<TopicPartition, Long> assignAll() {
        List<PartitionInfo> partitions = List.of();
        while (!closed && partitions.isEmpty()) {
            try {
                partitions = Optional.ofNullable(consumer.partitionsFor(topic(), Duration.ofSeconds(5)))
                        .orElse(List.of());
                if (partitions.isEmpty() && !caughtUp) {
                    // The broker answered and there is no such topic: no key was issued yet, so none is missed.
                    LOG.info("Topic {} does not exist yet: no issued keys; waiting for it", topic());
                    caughtUp = true;
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warn("Waiting for the broker to describe topic {}: {}", topic(), e.getMessage());
            }
            if (partitions.isEmpty()) {
                beat();
                sleepQuietly(1000);
            }
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic(), p.partition()))
                .toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        return consumer.endOffsets(assigned);
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        KeyGrant grant;
        try {
            grant = record.value() == null ? null : values.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            skip(record, "a key grant", e);
            return;
        }
        apply(record.key(), grant);
    }

    private void apply(String hash, KeyGrant grant) {
        if (hash == null) {
            return;
        }
        if (grant == null) {
            grants.remove(hash);
        } else {
            grants.put(hash, grant);
        }
    }

    private void sleepQuietly(long millis) {
        synchronized (this) {
            try {
                wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }
    }

    private static Map<String, KeyGrant> configured(List<String> entries, String plan) {
        Map<String, KeyGrant> byHash = new HashMap<>();
        for (String entry : entries) {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("API key entry must look like key=project, got a malformed one");
            }
            String project = entry.substring(eq + 1).strip();
            byHash.put(ApiKeys.hash(entry.substring(0, eq).strip()), KeyGrant.newBuilder().setKeyId("configured")
                    .setProjectId(project).setOrgId("").setType(KeyType.SECRET).setScopes(Scopes.ALL)
                    .setPlan(plan).setRevoked(false).build());
        }
        return Map.copyOf(byHash);
    }
}
