package dev.eventlane.query.control.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class AccessTokenRepository implements PanacheRepositoryBase<AccessToken, UUID> {

    public List<AccessToken> ofUser(UUID userId) {
        return list("userId = ?1 order by createdAt, id", userId);
    }

    public Optional<AccessToken> ofUser(UUID userId, UUID tokenId) {
        return find("userId = ?1 and id = ?2", userId, tokenId).firstResultOptional();
    }

    /** The token with this hash if it is neither revoked nor expired at {@code now}. */
    public Optional<AccessToken> live(String tokenHash, Instant now) {
        return find("tokenHash = ?1 and revokedAt is null and expiresAt > ?2", tokenHash, now)
                .firstResultOptional();
    }
}
