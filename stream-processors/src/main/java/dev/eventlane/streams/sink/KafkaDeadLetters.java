package dev.eventlane.streams.sink;

import java.util.ArrayList;
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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.eventlane.platform.clickhouse.DeadLetters;
import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.schemas.kafka.DeadLetter;
import dev.eventlane.schemas.kafka.DeadLetterTopic;

/**
 * Writes to the dead-letter topic ({@link DeadLetterTopic}). A send returns once the broker acknowledged it
 * (acks=all), so whoever moves past a record does so only when its letter is durable.
 */
public final class KafkaDeadLetters implements DeadLetters, AutoCloseable {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Producer<String, byte[]> producer;
    private final String topic;

    /** @param topic {@link DeadLetterTopic#TOPIC} but in tests */
    public KafkaDeadLetters(KafkaSettings kafka, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(kafka.with(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "eventlane-dead-letters",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                // A log entry's record is up to 2 MB (TopicsInitializer gives the topic the same limit).
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024)),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void send(DeadLetter letter) {
        send(letter, null);
    }

    /**
     * Sends the letter with the source record's key, and returns once the broker has it.
     *
     * @throws KafkaException when it was not acknowledged
     */
    public void send(DeadLetter letter, byte[] sourceKey) {
        Future<RecordMetadata> ack = producer.send(DeadLetterTopic.record(topic, letter, sourceKey));
        await(ack, letter, System.nanoTime() + TimeUnit.SECONDS.toNanos(ACK_TIMEOUT_SECONDS));
    }

    /**
     * Sends all letters, then waits for every acknowledgement (within one timeout for all).
     *
     * @throws KafkaException when any was not acknowledged
     */
    @Override
    public void sendAll(List<DeadLetter> letters) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            acks.add(producer.send(DeadLetterTopic.record(topic, letter, null)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ACK_TIMEOUT_SECONDS);
        for (int i = 0; i < acks.size(); i++) {
            await(acks.get(i), letters.get(i), deadline);
        }
    }

    private static void await(Future<RecordMetadata> ack, DeadLetter letter, long deadline) {
        try {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new KafkaException("Dead letter for " + DeadLetterTopic.key(letter) + " not acknowledged: "
                    + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("Dead letter for " + DeadLetterTopic.key(letter) + " not acknowledged within "
                    + ACK_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while sending the dead letter for " + DeadLetterTopic.key(letter),
                    e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
