package dev.eventlane.query.control.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An invitation to join an org with a role; the token is shown once, to the owner who creates it. */
@Entity
@Table(name = "org_invitations")
public class Invitation {

    @Id
    public UUID id;
    @Column(name = "org_id")
    public UUID orgId;
    @Column(name = "token_hash")
    public String tokenHash;
    public String role;
    @Column(name = "created_by")
    public UUID createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "accepted_by")
    public UUID acceptedBy;
    @Column(name = "accepted_at")
    public Instant acceptedAt;
}
