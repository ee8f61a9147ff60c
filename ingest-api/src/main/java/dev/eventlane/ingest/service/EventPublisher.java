package dev.eventlane.ingest.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

import dev.eventlane.ingest.config.IngestConfig;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.kafka.EventHeaders;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * Publishes accepted events and log entries to Kafka and completes only when the broker acknowledged every one of
 * them (acks=all, idempotent producer). Events are keyed by project and user so that one user's events stay in
 * order; log entries by project and node (by project and id when they name no node).
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);
    /** Seconds a client is asked to wait after a 503: about the time a broker restart takes. */
    private static final int RETRY_AFTER_SECONDS = 2;

    private final Producer<String, SpecificRecord> producer;
    private final IngestConfig config;

    public EventPublisher(Producer<String, SpecificRecord> producer, IngestConfig config) {
        this.producer = producer;
        this.config = config;
    }

    /** Completes when all events are durably in Kafka; fails with a 503 {@link IngestException} otherwise. */
    public CompletionStage<Void> publish(List<Event> events) {
        return publishAll(events.stream().map(event -> new ProducerRecord<String, SpecificRecord>(config.topic(),
                null, key(event), event, EventHeaders.of(event))).toList());
    }

    /** Completes when all log entries are durably in Kafka; fails with a 503 {@link IngestException} otherwise. */
    public CompletionStage<Void> publishLogs(List<LogEntry> logs) {
        return publishAll(logs.stream().map(log -> new ProducerRecord<String, SpecificRecord>(config.logsTopic(),
                null, RecordKeys.log(log.getProjectId(), log.getNode(), log.getLogId()), log, EventHeaders.of(log)))
                .toList());
    }

    private CompletionStage<Void> publishAll(List<ProducerRecord<String, SpecificRecord>> records) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[records.size()];
        try {
            for (int i = 0; i < records.size(); i++) {
                acks[i] = send(records.get(i));
            }
        } catch (KafkaException e) {
            return CompletableFuture.failedFuture(unavailable(e));
        }
        return CompletableFuture.allOf(acks)
                .orTimeout(config.ackTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((ok, failure) -> {
                    if (failure != null) {
                        throw unavailable(failure);
                    }
                    return null;
                });
    }

    static String key(Event event) {
        return RecordKeys.user(event.getProjectId(), event.getUserId());
    }

    private CompletableFuture<Void> send(ProducerRecord<String, SpecificRecord> record) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                ack.completeExceptionally(error);
            } else {
                ack.complete(null);
            }
        });
        return ack;
    }

    private static IngestException unavailable(Throwable cause) {
        Throwable root = cause instanceof CompletionException && cause.getCause() != null
                ? cause.getCause() : cause;
        LOG.warnf("Kafka did not acknowledge events: %s", root instanceof TimeoutException
                ? "no acknowledgement in time" : root.toString());
        return new IngestException(503, "unavailable",
                "Event storage is temporarily unavailable; retry later (events sent with an event_id are stored once however often they are retried)", RETRY_AFTER_SECONDS);
    }
}
