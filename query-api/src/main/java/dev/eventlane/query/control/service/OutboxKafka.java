package dev.eventlane.query.control.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.query.control.model.OutboxRecord;

/**
 * The relay's view of Kafka: creates the compacted control topics when first needed, and publishes a batch of outbox
 * records, returning only once the broker acknowledged every one of them. Reconnects are quick (at most 250 ms
 * apart), so a change waiting in the outbox goes out well within a second of the broker coming back.
 */
final class OutboxKafka implements AutoCloseable {

    /** How long one attempt may wait for acknowledgements before the batch is tried again. */
    static final long ACK_TIMEOUT_MS = 6000;

    private final Producer<byte[], byte[]> producer;
    private final Admin admin;
    private final Map<String, Integer> partitions;
    private final Set<String> ensured = new HashSet<>();

    /** @param partitions the partitions of each topic to create; topics not named get one */
    OutboxKafka(KafkaSettings kafka, Map<String, Integer> partitions) {
        this.partitions = Map.copyOf(partitions);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "query-api-control-outbox");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250);
        // Metadata refreshes back off too (to 1 s by default), and a publish waits for metadata after an outage.
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        props.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 250);
        this.producer = new KafkaProducer<>(kafka.with(props), new ByteArraySerializer(), new ByteArraySerializer());
        this.admin = Admin.create(kafka.with(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250,
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 250)));
    }

    /** Publishes the records in order; throws unless the broker acknowledged all of them. */
    void publish(List<OutboxRecord> records) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (OutboxRecord record : records) {
            ensure(record.topic);
            acks.add(producer.send(new ProducerRecord<>(record.topic, record.key, record.value)));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACK_TIMEOUT_MS);
        for (Future<RecordMetadata> ack : acks) {
            await(ack, deadline);
        }
    }

    /** Creates every control topic that is missing, so the services reading them find them before the first change. */
    void ensureAll() {
        partitions.keySet().forEach(this::ensure);
    }

    /** Creates the topic, compacted, unless it exists; remembers that it does. */
    private void ensure(String topic) {
        if (ensured.contains(topic)) {
            return;
        }
        NewTopic created = new NewTopic(topic, partitions.getOrDefault(topic, 1), (short) -1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(created)).all().get(ACK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + topic + ": Kafka did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic);
        }
        ensured.add(topic);
    }

    private static void await(Future<RecordMetadata> ack, long deadline) {
        try {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a record: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge within " + ACK_TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing");
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(2));
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
