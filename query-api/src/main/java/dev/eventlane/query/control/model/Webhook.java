package dev.eventlane.query.control.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A project's webhook endpoint: a URL, the alert kinds it receives, and the secret deliveries are signed with. */
@Entity
@Table(name = "webhooks")
public class Webhook {

    @Id
    public UUID id;
    @Column(name = "project_id")
    public UUID projectId;
    public String url;
    /** Comma-separated. */
    public String kinds;
    public String secret;
    @Column(name = "churn_threshold_pct")
    public double churnThresholdPct;
    @Column(name = "revenue_drop_pct")
    public double revenueDropPct;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "deleted_at")
    public Instant deletedAt;

    public List<String> kindList() {
        return Arrays.asList(kinds.split(","));
    }
}
