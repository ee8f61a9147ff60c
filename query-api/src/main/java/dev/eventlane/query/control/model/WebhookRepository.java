package dev.eventlane.query.control.model;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class WebhookRepository implements PanacheRepositoryBase<Webhook, UUID> {

    /** The project's endpoints that are not deleted, oldest first. */
    public List<Webhook> liveOfProject(UUID projectId) {
        return list("projectId = ?1 and deletedAt is null order by createdAt, id", projectId);
    }

    public Optional<Webhook> ofProject(UUID projectId, UUID webhookId) {
        return find("projectId = ?1 and id = ?2", projectId, webhookId).firstResultOptional();
    }

    public long liveCount(UUID projectId) {
        return count("projectId = ?1 and deletedAt is null", projectId);
    }
}
