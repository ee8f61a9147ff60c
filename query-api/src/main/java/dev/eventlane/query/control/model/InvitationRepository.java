package dev.eventlane.query.control.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class InvitationRepository implements PanacheRepositoryBase<Invitation, UUID> {

    /** The open invitation with this token hash, locked until commit so that it is accepted once. */
    public Optional<Invitation> openForUpdate(String tokenHash, Instant now) {
        return find("tokenHash = ?1 and acceptedAt is null and expiresAt > ?2", tokenHash, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public Optional<Invitation> open(String tokenHash, Instant now) {
        return find("tokenHash = ?1 and acceptedAt is null and expiresAt > ?2", tokenHash, now)
                .firstResultOptional();
    }

    public List<Invitation> openOfOrg(UUID orgId, Instant now) {
        return list("orgId = ?1 and acceptedAt is null and expiresAt > ?2 order by createdAt, id", orgId, now);
    }

    public Optional<Invitation> ofOrg(UUID orgId, UUID id) {
        return find("orgId = ?1 and id = ?2", orgId, id).firstResultOptional();
    }
}
