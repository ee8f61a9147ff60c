package dev.eventlane.streams.deadletter;

import java.util.Map;

import io.quarkus.arc.Arc;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

import dev.eventlane.schemas.kafka.DeadLetter;
import dev.eventlane.schemas.kafka.DeadLetterTopic;

/**
 * Kafka Streams' deserialization and processing exception handler for every Eventlane streams application: a record
 * that cannot be decoded, or whose processing throws, is written to the dead-letter topic with its source position,
 * the processor and the reason, and the application goes on with the next record. Only when the dead letter cannot
 * be written does the application fail (and restart from its last commit), so no record is skipped unrecorded.
 *
 * <p>Kafka Streams creates it by class name; it writes through the application's {@link DeadLetterPublisher}, or
 * the one under {@link #PUBLISHER_CONFIG} when the configuration carries one (tests without CDI).
 */
public class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    /** Configuration key of a {@link DeadLetterPublisher} instance to use instead of the CDI bean. */
    public static final String PUBLISHER_CONFIG = "eventlane.dead-letter.publisher";
    private static final Logger LOG = Logger.getLogger(DeadLetterHandler.class);

    private DeadLetterPublisher publisher;
    private String application = "streams";

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(PUBLISHER_CONFIG);
        publisher = configured instanceof DeadLetterPublisher given ? given
                : Arc.container().instance(DeadLetterPublisher.class).get();
        Object id = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        if (id != null) {
            application = id.toString();
        }
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        String component = application + "/deserialization";
        DeadLetter letter = new DeadLetter(component, record.topic(), record.partition(), record.offset(),
                DeadLetterTopic.describe(exception), record.value(), DeadLetter.KAFKA_VALUE);
        boolean written = publisher.publish(letter, record.key(), exception);
        return written ? DeserializationHandlerResponse.CONTINUE : DeserializationHandlerResponse.FAIL;
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String component = application + "/" + context.processorNodeId();
        if (record == null) {
            // A punctuation failed: there is no record to keep; the next punctuation tries again.
            LOG.errorf(exception, "Punctuation of %s failed", component);
            publisher.count(component, exception);
            return ProcessingHandlerResponse.CONTINUE;
        }
        DeadLetter letter = new DeadLetter(component, context.topic(), context.partition(), context.offset(),
                DeadLetterTopic.describe(exception), context.sourceRawValue(), DeadLetter.KAFKA_VALUE);
        boolean written = publisher.publish(letter, context.sourceRawKey(), exception);
        return written ? ProcessingHandlerResponse.CONTINUE : ProcessingHandlerResponse.FAIL;
    }
}
