package dev.eventlane.query.control.model;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    public List<ApiKey> ofProject(UUID projectId) {
        return list("projectId = ?1 order by createdAt, id", projectId);
    }

    public Optional<ApiKey> ofProject(UUID projectId, UUID keyId) {
        return find("projectId = ?1 and id = ?2", projectId, keyId).firstResultOptional();
    }

    public long liveCount(UUID projectId) {
        return count("projectId = ?1 and revokedAt is null", projectId);
    }
}
