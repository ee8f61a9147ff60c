package dev.eventlane.query.control.model;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxRecord, Long> {

    /** The oldest {@code limit} records, in the order they are to be published. */
    public List<OutboxRecord> oldest(int limit) {
        return find("order by id").page(0, limit).list();
    }

    public boolean pending(String topic) {
        return count("topic", topic) > 0;
    }

    /** Waits for the advisory lock {@code key} until the transaction ends. */
    public void lockUntilCommit(long key) {
        getEntityManager().createNativeQuery(
                "SELECT count(*) FROM pg_advisory_xact_lock(?1)").setParameter(1, key)
                .getSingleResult();
    }

    /** Takes the advisory lock {@code key} until the transaction ends, if no other session holds it. */
    public boolean tryLockUntilCommit(long key) {
        return (Boolean) getEntityManager().createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                .setParameter(1, key).getSingleResult();
    }
}
