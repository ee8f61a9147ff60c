package dev.eventlane.query.control.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A project's API key, stored as its SHA-256 hash; the key itself is shown once, at creation. */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    public UUID id;
    @Column(name = "project_id")
    public UUID projectId;
    public String name;
    /** {@code secret} or {@code public}. */
    public String type;
    /** Comma-separated. */
    public String scopes;
    public String format;
    @Column(name = "key_hash")
    public String keyHash;
    public String masked;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;

    public List<String> scopeList() {
        return scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(","));
    }
}
