package dev.eventlane.query.control.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user's membership of an org; members see and change the org and all its projects. */
@Entity
@Table(name = "org_members")
public class Membership {

    public static final String OWNER = "owner";
    public static final String MEMBER = "member";

    @Id
    public UUID id;
    @Column(name = "org_id")
    public UUID orgId;
    @Column(name = "user_id")
    public UUID userId;
    public String role;
    @Column(name = "created_at")
    public Instant createdAt;
}
