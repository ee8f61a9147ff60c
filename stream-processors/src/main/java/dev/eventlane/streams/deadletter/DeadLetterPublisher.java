package dev.eventlane.streams.deadletter;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.eventlane.schemas.kafka.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Writes dead letters (see {@link DeadLetters}) and counts them in {@code eventlane_dead_letters_total}, by component
 * and by the failure's class. A write is acknowledged by the broker before the caller moves past the record, so a
 * record is never skipped without its dead letter; if the write fails the caller must not skip it.
 *
 * <p>Dead letters are written outside the stages' transactions: a record dead-lettered by a task whose transaction
 * then aborts is dead-lettered again when it is processed again (at least once, never lost).
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);
    /** Longer than a leader election; a dead letter that cannot be written fails the record's stage instead. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<byte[], byte[]> producer;
    private final MeterRegistry registry;

    public DeadLetterPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            MeterRegistry registry) {
        this(new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "eventlane-dead-letters",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // A dead letter holds its source record whole, which may be as large as a record may be.
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis()),
                new ByteArraySerializer(), new ByteArraySerializer()), registry);
    }

    DeadLetterPublisher(Producer<byte[], byte[]> producer, MeterRegistry registry) {
        this.producer = producer;
        this.registry = registry;
    }

    /**
     * Writes the dead letter and waits until the broker has it.
     *
     * @return false when it could not be written (the record must then not be skipped)
     */
    public boolean publish(ProducerRecord<byte[], byte[]> letter, String component, Throwable reason) {
        LOG.warnf("Dead-lettering the record at %s/%s/%s in %s: %s",
                DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC),
                DeadLetters.header(letter.headers(), DeadLetters.SOURCE_PARTITION),
                DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET), component,
                DeadLetters.header(letter.headers(), DeadLetters.REASON));
        try {
            producer.send(letter).get(WRITE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.errorf("Could not write a dead letter of %s: %s", component, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        count(component, reason);
        return true;
    }

    /** Counts a failure that had no record to dead-letter (a punctuation). */
    public void count(String component, Throwable reason) {
        registry.counter("eventlane.dead.letters", "component", component,
                "reason", reason.getClass().getSimpleName()).increment();
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
