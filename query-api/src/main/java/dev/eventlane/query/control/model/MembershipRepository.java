package dev.eventlane.query.control.model;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class MembershipRepository implements PanacheRepositoryBase<Membership, UUID> {

    public Optional<Membership> of(UUID orgId, UUID userId) {
        return find("orgId = ?1 and userId = ?2", orgId, userId).firstResultOptional();
    }

    public List<Membership> inOrg(UUID orgId) {
        return list("orgId = ?1 order by createdAt, id", orgId);
    }

    public long owners(UUID orgId) {
        return count("orgId = ?1 and role = ?2", orgId, Membership.OWNER);
    }
}
