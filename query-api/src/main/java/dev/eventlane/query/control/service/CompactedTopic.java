package dev.eventlane.query.control.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import dev.eventlane.schemas.kafka.TopicAdmin;

/**
 * One of the compacted topics the control plane publishes its state on (API keys, webhook endpoints, alert rules):
 * the latest value of each key, a null value (tombstone) for a deleted one. A change is published with
 * {@link #publish}, which returns once the broker acknowledged it; the owner republishes everything at start-up and
 * periodically ({@link #send} then {@link #flush}), so PostgreSQL stays the source of truth.
 */
final class CompactedTopic<V> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CompactedTopic.class);
    private static final long ACK_TIMEOUT_SECONDS = 10;

    private final String bootstrap;
    private final String topic;
    private final Producer<String, V> producer;

    CompactedTopic(String bootstrap, String topic, String clientId, Serializer<V> values) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 9000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 8000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), values);
    }

    /** Creates the topic, compacted, unless it exists. */
    void ensure(int partitions) {
        TopicAdmin.ensure(bootstrap, topic, partitions,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /**
     * Publishes the records and waits until the broker acknowledged all of them; a 503 when it does not in time.
     *
     * @param what what the records are, for the log ({@code keys of project ...})
     */
    void publish(List<ProducerRecord<String, V>> records, String what) {
        List<Future<RecordMetadata>> sent = records.stream().map(producer::send).toList();
        try {
            for (Future<RecordMetadata> ack : sent) {
                ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Publishing %s failed: %s; retried by the periodic republish", what, e.getMessage());
            throw ControlException.unavailable("The change is saved but could not reach Kafka yet; it takes "
                    + "effect when Kafka is back");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ControlException.unavailable("Interrupted while publishing the change");
        }
    }

    /** A record of this topic; a null value deletes the key. */
    ProducerRecord<String, V> record(String key, V value) {
        return new ProducerRecord<>(topic, key, value);
    }

    /** Sends without waiting, for a republish; {@link #flush} waits for all of them. */
    void send(String key, V value) {
        producer.send(record(key, value));
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
