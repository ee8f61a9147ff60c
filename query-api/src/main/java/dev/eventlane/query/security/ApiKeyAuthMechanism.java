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
 * Project API keys ({@code Authorization: Bearer <key>}) on the endpoints of the imitated products' surfaces, which
 * select it with {@code @HttpAuthenticationMechanism(ApiKeyAuthMechanism.SCHEME)} and use no other mechanism. The
 * dashboard's endpoints never reach this one: it comes after the JWT mechanism, which claims every bearer token.
 *
 * <p>Those endpoints are also {@code @PermitAll}, so that Quarkus does not refuse a request in its own terms before
 * the endpoint runs: the endpoint asks {@link ApiKeyCaller} for the key, which authenticates then, and a missing,
 * unknown, revoked or wrong-scope key is refused in the surface's own error body. Without a bearer key the request
 * stays anonymous, which the caller refuses as a missing key.
 */
@ApplicationScoped
public class ApiKeyAuthMechanism implements HttpAuthenticationMechanism {

    public static final String SCHEME = "apikey";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String key = ApiKeys.bearer(context.request().getHeader("Authorization")).orElse(null);
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(new ApiKeyRequest(key));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME));
    }

    /** After the JWT mechanism (priority 1000), so that it is never tried on an endpoint that did not select it. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY - 500;
    }
}
