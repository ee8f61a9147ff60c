package dev.eventlane.query.control.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.eventlane.platform.auth.ApiKeys;
import dev.eventlane.query.config.ControlConfig;
import dev.eventlane.query.control.model.AccessToken;
import dev.eventlane.query.control.model.AccessTokenRepository;
import dev.eventlane.query.security.AccessTokenAuthMechanism;

/** Personal access tokens: a user's own, expiring, revocable credentials for scripts and the Loguro surface. */
@ApplicationScoped
public class PersonalTokens {

    private final AccessTokenRepository tokens;
    private final ControlConfig config;

    public PersonalTokens(AccessTokenRepository tokens, ControlConfig config) {
        this.tokens = tokens;
        this.config = config;
    }

    /** A new token and its value, shown once. */
    public record Created(AccessToken token, String secret) {
    }

    @Transactional
    public Created create(UUID userId, String name, Integer expiresInDays) {
        int days = Validate.orDefault(expiresInDays, config.tokenDefaultDays());
        if (days < 1 || days > config.tokenMaxDays()) {
            throw ControlException.validation("expires_in_days must be 1 to " + config.tokenMaxDays());
        }
        String secret = ApiKeys.random(AccessTokenAuthMechanism.PREFIX, ApiKeys.RANDOM_CHARS);
        AccessToken token = new AccessToken();
        token.id = UUID.randomUUID();
        token.userId = userId;
        token.name = Validate.name("name", Validate.orDefault(name, "personal access token"));
        token.tokenHash = ApiKeys.hash(secret);
        token.masked = ApiKeys.mask(secret);
        token.createdAt = Instant.now();
        token.expiresAt = token.createdAt.plus(Duration.ofDays(days));
        tokens.persist(token);
        return new Created(token, secret);
    }

    public List<AccessToken> list(UUID userId) {
        return tokens.ofUser(userId);
    }

    @Transactional
    public AccessToken revoke(UUID userId, String tokenId) {
        AccessToken token = tokens.ofUser(userId, Validate.id("token", tokenId))
                .orElseThrow(() -> ControlException.notFound("token"));
        if (token.revokedAt == null) {
            token.revokedAt = Instant.now();
        }
        return token;
    }
}
