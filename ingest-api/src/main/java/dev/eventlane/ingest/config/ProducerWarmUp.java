package dev.eventlane.ingest.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Fetches the events topic's metadata at start-up, off the start-up thread, so that the first request does not pay
 * for connecting, the idempotent producer's id and the metadata round trip (about a second on a fresh stack).
 */
@ApplicationScoped
public class ProducerWarmUp {

    private static final Logger LOG = Logger.getLogger(ProducerWarmUp.class);

    void warmUp(@Observes StartupEvent startup, Producer<String, SpecificRecord> producer, IngestConfig config) {
        Thread thread = new Thread(() -> {
            try {
                producer.partitionsFor(config.topic());
            } catch (KafkaException e) {
                LOG.warnf("Kafka not reachable at start-up (%s); requests answer 503 until it is", e.getMessage());
            }
        }, "kafka-producer-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
