package dev.eventlane.schemas.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import dev.eventlane.schemas.pipeline.Topics;

/**
 * The dead-letter topic ({@value Topics#DEAD_LETTERS}): one record per record a stage could not process (a Kafka
 * Streams processor or a ClickHouse sink), keyed by its source position ({@code topic-partition@offset}); the value
 * is the source record's value, or for a row ClickHouse refused, that row. Headers say where it came from, which
 * component refused it and why. An operator reads, fixes and replays from here; copies of a letter share their
 * source position.
 */
public final class DeadLetterTopic {

    /** The component that refused it: {@code <application>/<processor>} or {@code clickhouse-sink-<table>}. */
    public static final String COMPONENT = "eventlane.dl.component";
    public static final String SOURCE_TOPIC = "eventlane.dl.topic";
    public static final String SOURCE_PARTITION = "eventlane.dl.partition";
    public static final String SOURCE_OFFSET = "eventlane.dl.offset";
    /** The source record's key, when it had one (to replay it into the same partition). */
    public static final String SOURCE_KEY = "eventlane.dl.key";
    /** Why, in words: an exception's class and message, or ClickHouse's refusal. */
    public static final String REASON = "eventlane.dl.reason";
    /** {@link DeadLetter#KAFKA_VALUE} or {@link DeadLetter#CLICKHOUSE_ROW}: what the value holds. */
    public static final String VALUE_KIND = "eventlane.dl.value-kind";

    private DeadLetterTopic() {
    }

    /**
     * The record that carries {@code letter} to {@code topic} ({@link Topics#DEAD_LETTERS} but in tests); the key may
     * be null.
     */
    public static ProducerRecord<String, byte[]> record(String topic, DeadLetter letter, byte[] sourceKey) {
        List<Header> headers = new ArrayList<>(List.of(header(COMPONENT, letter.component()),
                header(SOURCE_TOPIC, String.valueOf(letter.topic())),
                header(SOURCE_PARTITION, Integer.toString(letter.partition())),
                header(SOURCE_OFFSET, Long.toString(letter.offset())), header(REASON, letter.reason()),
                header(VALUE_KIND, letter.valueKind())));
        if (sourceKey != null) {
            headers.add(new RecordHeader(SOURCE_KEY, sourceKey));
        }
        return new ProducerRecord<>(topic, null, null, key(letter), letter.value(), headers);
    }

    /** The key of a letter: its source position. */
    public static String key(DeadLetter letter) {
        return letter.topic() + "-" + letter.partition() + "@" + letter.offset();
    }

    /** The class and message of a failure, without its stack. */
    public static String describe(Throwable reason) {
        String message = reason.getMessage();
        return reason.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** A header's value as text, or null when the record has no such header. */
    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
