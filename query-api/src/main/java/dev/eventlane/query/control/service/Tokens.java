package dev.eventlane.query.control.service;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventlane.query.config.ControlConfig;
import dev.eventlane.query.control.model.Account;
import io.smallrye.jwt.build.Jwt;

/** Mints dashboard JWTs: RS256, signed with the stored key pair; the subject (and {@code upn}) is the user id. */
@ApplicationScoped
public class Tokens {

    /** The one role of a signed-in user; every dashboard endpoint requires it. */
    public static final String USER = "user";

    private final SigningKeys keys;
    private final ControlConfig config;

    public Tokens(SigningKeys keys, ControlConfig config) {
        this.keys = keys;
        this.config = config;
    }

    public String issue(Account account) {
        Instant now = Instant.now();
        return Jwt.issuer(config.jwtIssuer()).subject(account.id.toString()).upn(account.id.toString())
                .claim("email", account.email).groups(Set.of(USER)).issuedAt(now)
                .expiresAt(now.plus(config.jwtLifetime())).claim("jti", UUID.randomUUID().toString())
                .jws().keyId(SigningKeys.KEY_ID).sign(keys.privateKey());
    }
}
