package dev.eventlane.query.control.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "orgs")
public class Org {

    @Id
    public UUID id;
    public String name;
    @Column(name = "created_at")
    public Instant createdAt;
}
