package dev.eventlane.ingest.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
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

    /** How often requests past their ack timeout are answered: at most this late. */
    private static final long SWEEP_MILLIS = 20;

    private final Producer<String, SpecificRecord> producer;
    private final IngestConfig config;
    private final long ackTimeoutNanos;
    /**
     * Requests waiting for their acknowledgements, oldest first: every request waits equally long, so this is also
     * deadline order, and one thread answers those past it. A timer per request (CompletableFuture.orTimeout) put
     * every request through one shared, locked delay queue, in which even answered requests stayed until their
     * deadline.
     */
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService deadlines;

    private record Waiting(long deadlineNanos, CompletableFuture<Void> acks) {
    }

    public EventPublisher(Producer<String, SpecificRecord> producer, IngestConfig config) {
        this.producer = producer;
        this.config = config;
        this.ackTimeoutNanos = config.ackTimeout().toNanos();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "eventlane-ack-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        deadlines.scheduleWithFixedDelay(this::expire, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        deadlines.shutdownNow();
    }

    /** Fails the requests past their deadline (those answered meanwhile are only dropped from the queue). */
    private void expire() {
        long now = System.nanoTime();
        for (Waiting head = waiting.peek(); head != null && now - head.deadlineNanos() >= 0; head = waiting.peek()) {
            waiting.poll();
            try {
                head.acks().completeExceptionally(new TimeoutException());
            } catch (RuntimeException e) {
                // A failing dependent must not stop the sweeps (a scheduled task that throws never runs again).
                LOG.error("Answering a request past its ack timeout failed", e);
            }
        }
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
        CompletableFuture<Void> all = CompletableFuture.allOf(acks);
        waiting.add(new Waiting(System.nanoTime() + ackTimeoutNanos, all));
        return all.handle((ok, failure) -> {
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
