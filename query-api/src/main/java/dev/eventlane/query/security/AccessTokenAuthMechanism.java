package dev.eventlane.query.security;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import dev.eventlane.platform.auth.ApiKeys;

/**
 * Personal access tokens ({@code Authorization: Bearer pat_...}) on the dashboard endpoints, beside JWTs. Runs before
 * the JWT mechanism and claims only {@code pat_} tokens; anything else is left to it.
 */
@ApplicationScoped
public class AccessTokenAuthMechanism implements HttpAuthenticationMechanism {

    public static final String PREFIX = "pat_";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String token = ApiKeys.bearer(context.request().getHeader("Authorization")).orElse(null);
        if (token == null || !token.startsWith(PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(new AccessTokenRequest(token));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(AccessTokenRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION,
                "bearer"));
    }

    /** Before the JWT mechanism (priority 1000), which would refuse a {@code pat_} token as a malformed JWT. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1000;
    }
}
