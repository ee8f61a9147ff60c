package dev.eventlane.streams.deadletter;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.schemas.kafka.DeadLetter;
import dev.eventlane.schemas.kafka.DeadLetterTopic;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.sink.KafkaDeadLetters;

/**
 * Dead letters of the Kafka Streams applications ({@link DeadLetterTopic}), counted in
 * {@code eventlane_dead_letters_total} by component and by the failure's class. A letter is acknowledged by the
 * broker before the caller moves past the record, so a record is never skipped without its letter.
 *
 * <p>Letters are written outside the stages' transactions: a record dead-lettered by a task whose transaction then
 * aborts is dead-lettered again when it is processed again (at least once, never lost).
 *
 * <p>Unremovable: Kafka Streams creates {@link DeadLetterHandler} by class name, and it looks this bean up; nothing
 * injects it, so Quarkus would otherwise remove it at build time and every dead letter would fail.
 */
@Unremovable
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    private final KafkaDeadLetters letters;
    private final MeterRegistry registry;

    public DeadLetterPublisher(KafkaSettings kafka,
            MeterRegistry registry) {
        this.letters = new KafkaDeadLetters(kafka, Topics.DEAD_LETTERS);
        this.registry = registry;
    }

    /**
     * Writes the letter and waits until the broker has it.
     *
     * @return false when it could not be written (the record must then not be skipped)
     */
    public boolean publish(DeadLetter letter, byte[] sourceKey, Throwable reason) {
        LOG.warnf("Dead-lettering %s in %s: %s", DeadLetterTopic.key(letter), letter.component(), letter.reason());
        try {
            letters.send(letter, sourceKey);
        } catch (KafkaException e) {
            LOG.errorf("Could not write the dead letter of %s: %s", letter.component(), e.getMessage());
            return false;
        }
        count(letter.component(), reason);
        return true;
    }

    /** Counts a failure that had no record to dead-letter (a punctuation). */
    public void count(String component, Throwable reason) {
        registry.counter("eventlane.dead.letters", "component", component,
                "reason", reason.getClass().getSimpleName()).increment();
    }

    @PreDestroy
    void close() {
        letters.close();
    }
}
