package dev.eventlane.query.control.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A record the control plane is to publish on one of its compacted topics, stored in the transaction of the change
 * it announces; deleted once the broker acknowledged it.
 */
@Entity
@Table(name = "control_outbox")
public class OutboxRecord {

    /** From a sequence taken under the writers' lock: the order in which the records are published. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String topic;
    /** The record key's UTF-8 bytes: keys may hold a NUL ({@code RecordKeys.SEPARATOR}), which text columns refuse. */
    @Column(name = "record_key")
    public byte[] key;
    /** The serialized value; null is a tombstone. */
    @Column(name = "record_value")
    public byte[] value;
}
