package dev.eventlane.streams.sink;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.eventlane.schemas.clickhouse.DeadLetter;
import dev.eventlane.schemas.clickhouse.DeadLetters;

/**
 * The dead-letter topic: the record's bytes as value, where it came from and why in headers. A send returns once
 * the broker acknowledged it (acks=all), so a sink moves past a record only when its letter is durable.
 */
public final class KafkaDeadLetters implements DeadLetters, AutoCloseable {

    public static final String COMPONENT = "eventlane.dl.component";
    public static final String TOPIC = "eventlane.dl.topic";
    public static final String PARTITION = "eventlane.dl.partition";
    public static final String OFFSET = "eventlane.dl.offset";
    public static final String REASON = "eventlane.dl.reason";
    public static final String VALUE_KIND = "eventlane.dl.value-kind";
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Producer<String, byte[]> producer;
    private final String topic;

    public KafkaDeadLetters(String bootstrap, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "eventlane-dead-letters",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                // A log entry's record is up to 2 MB (TopicsInitializer gives the topic the same limit).
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void send(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, COMPONENT, letter.component());
        header(headers, TOPIC, letter.topic());
        header(headers, PARTITION, Integer.toString(letter.partition()));
        header(headers, OFFSET, Long.toString(letter.offset()));
        header(headers, REASON, letter.reason());
        header(headers, VALUE_KIND, letter.valueKind());
        String key = letter.topic() + "-" + letter.partition() + "@" + letter.offset();
        try {
            producer.send(new ProducerRecord<>(topic, null, key, letter.value(), headers))
                    .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new KafkaException("Dead letter for " + key + " not acknowledged: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("Dead letter for " + key + " not acknowledged within " + ACK_TIMEOUT_SECONDS
                    + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while sending the dead letter for " + key, e);
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
