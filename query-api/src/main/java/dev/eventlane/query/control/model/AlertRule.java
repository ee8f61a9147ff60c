package dev.eventlane.query.control.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A project's GoodLogs alert rule: the count of events named {@link #match} ({@code source} events) or of logs of
 * severity {@link #match} ({@code source} logs) over the last {@link #windowSeconds}, compared with
 * {@link #threshold}; or the count of the records a GQL {@link #query} matches.
 */
@Entity
@Table(name = "alert_rules")
public class AlertRule {

    @Id
    public UUID id;
    /** The API key's project (a control-plane project id, or a configured key's project name). */
    @Column(name = "project_id")
    public String projectId;
    public String name;
    /** {@code events} or {@code logs}. */
    public String source;
    /** The event name or the severity counted. */
    public String match;
    @Column(name = "window_seconds")
    public long windowSeconds;
    /** {@code above} (count &gt; threshold) or {@code below} (count &lt; threshold). */
    public String condition;
    public long threshold;
    public boolean enabled;
    /** A GQL condition (the rule then counts what it matches; {@link #match} is empty), or null. */
    public String query;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "deleted_at")
    public Instant deletedAt;
}
