package dev.eventlane.platform.clickhouse;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

import dev.eventlane.schemas.kafka.DeadLetter;

/**
 * Turns a partition's polled records into TabSeparated rows: decodes each value with the sink's deserializer, passes
 * over what the format does not take, writes the rest with their Kafka partition and offset, and turns what does not
 * decode or format into dead letters. Stateless: a buffer and a list of letters are given to every call.
 */
final class PollRows<V> {

    /** Which offsets of a partition to pass over unread (dead-lettered before a restart). */
    interface Skip {
        boolean skips(TopicPartition tp, long offset);
    }

    private final Deserializer<V> values;
    private final RowFormat<V> format;
    private final String component;
    private final String topic;

    PollRows(Deserializer<V> values, RowFormat<V> format, String component, String topic) {
        this.values = values;
        this.format = format;
        this.component = component;
        this.topic = topic;
    }

    /** Writes the rows of the partition's records into {@code out} and returns how many. */
    int write(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records, Skip skip, TsvBuffer out,
            List<DeadLetter> letters) {
        int rows = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.value() != null && !skip.skips(tp, record.offset()) && write(record, out, letters)) {
                rows++;
            }
        }
        return rows;
    }

    private boolean write(ConsumerRecord<byte[], byte[]> record, TsvBuffer out, List<DeadLetter> letters) {
        V value;
        try {
            value = values.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            letters.add(letter(record, "cannot be decoded: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"), record.value()));
            return false;
        }
        if (value == null || !format.accepts(value)) {
            return false;
        }
        int before = out.length();
        try {
            format.append(out, value);
        } catch (RuntimeException e) {
            out.setLength(before);
            letters.add(letter(record, "cannot be formatted as a row: " + e, BatchWriter.utf8(String.valueOf(value))));
            return false;
        }
        out.number(record.partition()).tab().number(record.offset()).newline();
        return true;
    }

    private DeadLetter letter(ConsumerRecord<?, ?> record, String reason, byte[] value) {
        return new DeadLetter(component, topic, record.partition(), record.offset(), reason, value,
                DeadLetter.KAFKA_VALUE);
    }
}
