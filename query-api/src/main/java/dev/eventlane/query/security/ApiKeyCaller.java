package dev.eventlane.query.security;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;

import dev.eventlane.platform.auth.Refusal;
import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.KeyType;

/**
 * The API key a request was authenticated with ({@link ApiKeyAuthMechanism}), and what it may do; every query is
 * confined to the key's project. A key that is missing, unknown, revoked, not yet loadable or without the scope is
 * refused with an {@link ApiKeyRefusedException}, which each surface renders in its own error body.
 */
@RequestScoped
public class ApiKeyCaller {

    private final CurrentIdentityAssociation identities;

    public ApiKeyCaller(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    /** The project of a key allowed to read data ({@code data:read}). */
    public String projectOf() {
        return grant(Scopes.DATA_READ).getProjectId();
    }

    /**
     * The project of a key allowed to delete data: a secret key holding both {@code data:read} and
     * {@code ingest:write}.
     */
    public String projectToDelete() {
        KeyGrant grant = grant(Scopes.DATA_READ);
        if (grant.getType() != KeyType.SECRET || !grant.getScopes().contains(Scopes.INGEST_WRITE)) {
            throw new ApiKeyRefusedException(Refusal.forbidden(Scopes.INGEST_WRITE));
        }
        return grant.getProjectId();
    }

    /** The grant of the request's key, which holds {@code scope}. */
    public KeyGrant grant(String scope) {
        SecurityIdentity identity;
        try {
            identity = identities.getIdentity();
        } catch (AuthenticationFailedException e) {
            Refusal refusal = e.getAttribute(ApiKeyIdentityProvider.REFUSAL);
            throw new ApiKeyRefusedException(refusal == null ? Refusal.UNKNOWN : refusal);
        }
        KeyGrant grant = identity.getAttribute(ApiKeyIdentityProvider.GRANT);
        if (grant == null) {
            throw new ApiKeyRefusedException(Refusal.MISSING);
        }
        if (!grant.getScopes().contains(scope)) {
            throw new ApiKeyRefusedException(Refusal.forbidden(scope));
        }
        return grant;
    }
}
