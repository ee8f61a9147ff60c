package dev.eventlane.ingest.config;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.kafka.EventlaneSerdes;

/** The one Kafka producer of ingest-api, for events and logs, shared by all requests (KafkaProducer is thread safe). */
@ApplicationScoped
public class KafkaProducerProducer {

    @Produces
    @ApplicationScoped
    Producer<String, SpecificRecord> producer(KafkaSettings kafka,
            IngestConfig config) {
        long ackTimeout = config.ackTimeout().toMillis();
        Map<String, Object> props = Map.ofEntries(
                Map.entry(ProducerConfig.CLIENT_ID_CONFIG, "ingest-api"),
                Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                // Small linger: concurrent requests share batches without adding visible latency.
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, 2),
                Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024),
                // A LogFlux entry carries up to 1 MB of sealed payload; the logs topic takes records of 2 MB.
                Map.entry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024),
                // A request must learn within its ack timeout that the broker is gone: the producer gives up on a
                // record (and on waiting for metadata) before the request stops waiting, never after.
                Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(1000L, ackTimeout / 2)),
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (ackTimeout - 400)),
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (ackTimeout - 200)),
                Map.entry(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
        return new KafkaProducer<>(kafka.with(props), new StringSerializer(), new RecordSerializer());
    }

    void close(@Disposes Producer<String, SpecificRecord> producer) {
        producer.close();
    }

    /** Avro by the record's type: the events topic carries events, the logs topic log entries. */
    static final class RecordSerializer implements Serializer<SpecificRecord> {

        private final Serializer<Event> events = EventlaneSerdes.event().serializer();
        private final Serializer<LogEntry> logs = EventlaneSerdes.logEntry().serializer();

        @Override
        public byte[] serialize(String topic, SpecificRecord record) {
            if (record == null) {
                return null;
            }
            if (record instanceof Event event) {
                return events.serialize(topic, event);
            }
            if (record instanceof LogEntry log) {
                return logs.serialize(topic, log);
            }
            throw new IllegalArgumentException("No serializer for " + record.getClass().getName());
        }
    }
}
