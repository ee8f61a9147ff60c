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
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * What the control plane's publishers to compacted topics share (API keys, webhook endpoints, alert rules): a
 * producer that fails fast when Kafka is away, and waiting for the broker's acknowledgements before a change is
 * answered.
 */
final class ControlTopics {

    private static final Logger LOG = Logger.getLogger(ControlTopics.class);
    private static final long ACK_TIMEOUT_SECONDS = 10;

    private ControlTopics() {
    }

    /** An idempotent producer with acks from all replicas, that gives up within seconds. */
    static <V> Producer<String, V> producer(String bootstrap, String clientId, Serializer<V> values) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 9000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 8000);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    /**
     * Waits for the broker to acknowledge every send; a 503 {@link ControlException} when it does not (the change is
     * saved and the periodic republish carries it once Kafka is back).
     */
    static void awaitAcks(List<Future<RecordMetadata>> sent, String what) {
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
}
