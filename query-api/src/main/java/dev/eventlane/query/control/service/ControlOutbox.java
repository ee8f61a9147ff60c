package dev.eventlane.query.control.service;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import dev.eventlane.query.control.model.OutboxRecord;
import dev.eventlane.query.control.model.OutboxRepository;

/**
 * The write side of the control plane's transactional outbox: what a change publishes is stored in the change's own
 * transaction, so a change answered 2xx is published (by {@link OutboxRelay}) however long Kafka is away, and a
 * change that rolls back publishes nothing.
 *
 * <p>Writers take one PostgreSQL advisory lock ({@link #lock}) before they read what they publish and keep it to
 * their commit. That makes outbox ids follow commit order, so the relay's id order is each key's order of changes,
 * and a record never carries state read before another writer's later change committed.
 */
@ApplicationScoped
public class ControlOutbox {

    /** The advisory lock of writers; {@link OutboxRelay#RELAY_LOCK} is the relay's. */
    static final long WRITE_LOCK = 0x6576_6c6e_6f75_7401L;
    private static final String WAKE_REGISTERED = ControlOutbox.class.getName() + ".wake";

    private final OutboxRepository outbox;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    public ControlOutbox(OutboxRepository outbox, TransactionSynchronizationRegistry transactions,
            OutboxRelay relay) {
        this.outbox = outbox;
        this.transactions = transactions;
        this.relay = relay;
    }

    /**
     * Serializes this transaction with every other control-plane write that publishes, until it ends. Call it before
     * reading the state a record is made of; taking it again in the same transaction is harmless.
     */
    public void lock() {
        outbox.lockUntilCommit(WRITE_LOCK);
    }

    /** Stores a record to publish once this transaction commits; a null value is a tombstone. */
    public void add(String topic, String key, byte[] value) {
        lock();
        OutboxRecord record = new OutboxRecord();
        record.topic = topic;
        record.key = key.getBytes(StandardCharsets.UTF_8);
        record.value = value;
        outbox.persist(record);
        wakeRelayAfterCommit();
    }

    public boolean pending(String topic) {
        return outbox.pending(topic);
    }

    /** The relay polls anyway; waking it at commit saves the wait for a change made on this instance. */
    private void wakeRelayAfterCommit() {
        if (transactions.getResource(WAKE_REGISTERED) != null) {
            return;
        }
        transactions.putResource(WAKE_REGISTERED, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
    }
}
