package dev.eventlane.query.control.model;

import java.time.Instant;
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
}
