package dev.eventlane.query.control.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A personal access token ({@code pat_...}): acts as its user until it expires or is revoked. Stored hashed. */
@Entity
@Table(name = "access_tokens")
public class AccessToken {

    @Id
    public UUID id;
    @Column(name = "user_id")
    public UUID userId;
    public String name;
    @Column(name = "token_hash")
    public String tokenHash;
    public String masked;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
}
