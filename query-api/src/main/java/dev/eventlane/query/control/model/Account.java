package dev.eventlane.query.control.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person who signs in to the dashboard; the email is stored lower-case. */
@Entity
@Table(name = "users")
public class Account {

    @Id
    public UUID id;
    public String email;
    @Column(name = "password_hash")
    public String passwordHash;
    @Column(name = "created_at")
    public Instant createdAt;
    /** An instance administrator: sets plans. Seeded from configuration, never by sign-up. */
    public boolean operator;
}
