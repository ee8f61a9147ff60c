package dev.eventlane.query.control.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A project: the tenant every event, key and query belongs to. */
@Entity
@Table(name = "projects")
public class Project {

    @Id
    public UUID id;
    @Column(name = "org_id")
    public UUID orgId;
    public String name;
    public String slug;
    public String plan;
    @Column(name = "created_at")
    public Instant createdAt;
    /** Browser origins allowed to send with the project's public keys, comma-separated; empty: any origin. */
    @Column(name = "allowed_origins")
    public String allowedOrigins = "";

    public List<String> originList() {
        return allowedOrigins == null || allowedOrigins.isEmpty() ? List.of()
                : Arrays.asList(allowedOrigins.split(","));
    }
}
