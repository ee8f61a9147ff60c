package dev.eventlane.query.control.model;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * Projects. Every lookup takes the org (or checks membership), so an id guessed from another tenant finds nothing.
 */
@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<Project, UUID> {

    public List<Project> inOrg(UUID orgId) {
        return list("orgId = ?1 order by createdAt, id", orgId);
    }

    public Optional<Project> inOrg(UUID orgId, UUID projectId) {
        return find("orgId = ?1 and id = ?2", orgId, projectId).firstResultOptional();
    }

    /** The project of a slug (unique over all orgs); callers check the caller's membership of its org. */
    public Optional<Project> bySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }
}
