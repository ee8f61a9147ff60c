package dev.eventlane.query.security;

import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

import dev.eventlane.platform.auth.KeyDirectory;
import dev.eventlane.platform.auth.Refusal;
import dev.eventlane.schemas.KeyGrant;

/**
 * Turns a valid API key into its identity: principal = key id, roles = the key's scopes, and the whole grant (project,
 * org, type, plan) as the attribute {@link #GRANT}. Keys are looked up in memory ({@link KeyDirectory}), so this
 * never blocks. An unknown, revoked or not yet loadable key fails authentication with its {@link Refusal} as
 * the attribute {@link #REFUSAL}.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyRequest> {

    public static final String GRANT = "eventlane.key-grant";
    /** The attribute of an {@link AuthenticationFailedException} that says why a key was refused. */
    public static final String REFUSAL = "eventlane.key-refusal";

    private final KeyDirectory keys;

    public ApiKeyIdentityProvider(KeyDirectory keys) {
        this.keys = keys;
    }

    @Override
    public Class<ApiKeyRequest> getRequestType() {
        return ApiKeyRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyRequest request, AuthenticationRequestContext context) {
        KeyDirectory.Lookup found = keys.lookup(request.key());
        return switch (found.status()) {
            case VALID -> Uni.createFrom().item(identity(found.grant()));
            case REVOKED -> refused(Refusal.REVOKED);
            case LOADING -> refused(Refusal.LOADING);
            default -> refused(Refusal.UNKNOWN);
        };
    }

    private static Uni<SecurityIdentity> refused(Refusal refusal) {
        return Uni.createFrom().failure(new AuthenticationFailedException(refusal.message(), Map.of(REFUSAL, refusal)));
    }

    private static SecurityIdentity identity(KeyGrant grant) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(grant.getKeyId()))
                .addRoles(Set.copyOf(grant.getScopes())).addAttribute(GRANT, grant).build();
    }
}
