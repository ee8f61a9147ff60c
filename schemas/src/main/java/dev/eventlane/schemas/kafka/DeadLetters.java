package dev.eventlane.schemas.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Records a stage could not process, as written to the dead-letter topic: the source record's key and value bytes
 * unchanged, and in headers where it came from, which component refused it and why. Whatever refused it goes on
 * with the next record; an operator can read, fix and replay the record from here.
 */
public final class DeadLetters {

    /** The dead-letter topic; keyed like the source record. */
    public static final String TOPIC = "dead-letters";
    public static final String SOURCE_TOPIC = "eventlane.dead-letter.topic";
    public static final String SOURCE_PARTITION = "eventlane.dead-letter.partition";
    public static final String SOURCE_OFFSET = "eventlane.dead-letter.offset";
    /** The component that refused it: a processor of a streams application, or a sink. */
    public static final String COMPONENT = "eventlane.dead-letter.component";
    /** Why, in words: the exception's class and message, at most {@link #MAX_REASON} characters. */
    public static final String REASON = "eventlane.dead-letter.reason";
    static final int MAX_REASON = 1000;

    private DeadLetters() {
    }

    /** The dead letter of the record at {@code topic}/{@code partition}/{@code offset}. */
    public static ProducerRecord<byte[], byte[]> of(String topic, int partition, long offset, byte[] key,
            byte[] value, String component, Throwable reason) {
        return of(topic, partition, offset, key, value, component, describe(reason));
    }

    public static ProducerRecord<byte[], byte[]> of(String topic, int partition, long offset, byte[] key,
            byte[] value, String component, String reason) {
        List<Header> headers = List.of(header(SOURCE_TOPIC, String.valueOf(topic)),
                header(SOURCE_PARTITION, Integer.toString(partition)), header(SOURCE_OFFSET, Long.toString(offset)),
                header(COMPONENT, component), header(REASON, truncate(reason)));
        return new ProducerRecord<>(TOPIC, null, null, key, value, headers);
    }

    /** The class and message of the failure, without its stack. */
    public static String describe(Throwable reason) {
        String message = reason.getMessage();
        String text = reason.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return truncate(text);
    }

    /** A header's value as text, or null when the record has no such header. */
    public static String header(org.apache.kafka.common.header.Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String text) {
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON);
    }
}
