package dev.eventlane.query.control.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.eventlane.platform.config.AuthConfig;
import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.query.config.ControlConfig;
import dev.eventlane.query.control.model.OutboxRecord;
import dev.eventlane.query.control.model.OutboxRepository;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Publishes the control plane's outbox ({@link ControlOutbox}) on the compacted topics, in id order, and deletes
 * what the broker acknowledged. One background thread per query-api; of several instances only the one holding the
 * relay's advisory lock publishes at a time, so records of one key never overtake each other.
 *
 * <p>A batch is read, published and deleted in one transaction that holds the lock: if Kafka or PostgreSQL fails
 * midway, the rows stay and the whole batch is published again (the topics are compacted, so a record published
 * twice is harmless). Failures are retried forever, backing off to {@link #MAX_BACKOFF}; only a relay thread that
 * died or stopped making rounds fails liveness ({@link #alive}).
 */
@ApplicationScoped
public class OutboxRelay {

    /** The advisory lock whose holder is the one relay that publishes. */
    public static final long RELAY_LOCK = 0x6576_6c6e_6f75_7402L;
    /** The first pause after a failure, doubled after each failure in a row. */
    static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    /** Short enough that a record goes out within a second of Kafka coming back, however long it was away. */
    static final Duration MAX_BACKOFF = Duration.ofMillis(500);
    /** A round (one batch) takes at most about the producer's acknowledgement timeout; this is far beyond it. */
    private static final int TRANSACTION_TIMEOUT_SECONDS = 30;
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final ControlConfig config;
    private final OutboxKafka kafka;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private volatile long lastRound = System.nanoTime();
    private Thread thread;

    public OutboxRelay(OutboxRepository outbox, ControlConfig config, AuthConfig auth,
            KafkaSettings kafkaSettings,
            @ConfigProperty(name = "eventlane.control.key-topic-partitions", defaultValue = "1") int keyPartitions,
            @ConfigProperty(name = "eventlane.control.rule-topic-partitions", defaultValue = "1") int rulePartitions) {
        this.outbox = outbox;
        this.config = config;
        this.kafka = new OutboxKafka(kafkaSettings, Map.of(auth.keysTopic(), keyPartitions,
                Topics.ALERT_RULES, rulePartitions, Topics.WEBHOOK_ENDPOINTS, 1));
    }

    synchronized void start(@Observes StartupEvent startup) {
        running = true;
        lastRound = System.nanoTime();
        thread = new Thread(this::run, "control-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Publishes at once rather than at the next poll: a change was just committed. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /**
     * False once the relay cannot continue: its thread died, or no round ended within the configured stall time
     * (a round that waits on Kafka or PostgreSQL ends with a failure well before that).
     */
    public boolean alive() {
        Thread relay = thread;
        return relay != null && relay.isAlive()
                && System.nanoTime() - lastRound < config.outboxStallTimeout().toNanos();
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        boolean failing = false;
        while (running) {
            try {
                kafka.ensureAll();
                int published = relayBatch();
                if (failing) {
                    LOG.infof("Control outbox: publishing again (%d records in the first batch)", published);
                    failing = false;
                }
                backoff = MIN_BACKOFF;
                lastRound = System.nanoTime();
                if (published < config.outboxBatchSize()) {
                    awaitWork(config.outboxPollInterval());
                }
            } catch (RuntimeException e) {
                lastRound = System.nanoTime();
                if (!running) {
                    break;
                }
                if (!failing) {
                    LOG.warnf("Control outbox: cannot publish, retrying until it can: %s", e.getMessage());
                    failing = true;
                } else {
                    LOG.debugf("Control outbox: still cannot publish: %s", e.getMessage());
                }
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** One batch, published and deleted; 0 if there was nothing to do or another instance is the relay. */
    private int relayBatch() {
        return QuarkusTransaction.requiringNew().timeout(TRANSACTION_TIMEOUT_SECONDS).call(() -> {
            if (!outbox.tryLockUntilCommit(RELAY_LOCK)) {
                return 0;
            }
            List<OutboxRecord> batch = outbox.oldest(config.outboxBatchSize());
            if (batch.isEmpty()) {
                return 0;
            }
            kafka.publish(batch);
            outbox.delete("id in ?1", batch.stream().map(record -> record.id).toList());
            return batch.size();
        });
    }

    private void awaitWork(Duration poll) {
        synchronized (signal) {
            try {
                if (!woken) {
                    signal.wait(Math.max(1, poll.toMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            woken = false;
        }
    }

    private void pause(Duration backoff) {
        try {
            TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    synchronized void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kafka.close();
    }
}
