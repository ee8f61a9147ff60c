package dev.eventlane.query.security;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

import dev.eventlane.platform.auth.ApiKeys;
import dev.eventlane.query.control.model.AccessToken;
import dev.eventlane.query.control.model.AccessTokenRepository;
import dev.eventlane.query.control.service.Tokens;

/** Turns a live personal access token into its user's identity (principal name = user id, role {@code user}). */
@ApplicationScoped
public class AccessTokenIdentityProvider implements IdentityProvider<AccessTokenRequest> {

    private final AccessTokenRepository tokens;

    public AccessTokenIdentityProvider(AccessTokenRepository tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<AccessTokenRequest> getRequestType() {
        return AccessTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(AccessTokenRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> identity(request.token()));
    }

    private SecurityIdentity identity(String token) {
        AccessToken live = QuarkusTransaction.requiringNew()
                .call(() -> tokens.live(ApiKeys.hash(token), Instant.now()).orElse(null));
        if (live == null) {
            throw new AuthenticationFailedException("Personal access token is unknown, expired or revoked");
        }
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(live.userId.toString()))
                .addRole(Tokens.USER).build();
    }
}
