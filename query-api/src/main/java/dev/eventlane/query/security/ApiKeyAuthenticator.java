package dev.eventlane.query.security;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventlane.platform.auth.KeyDirectory;
import dev.eventlane.platform.auth.Refusal;
import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.query.analytics.service.ApiException;
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.KeyType;

/** Resolves the project of a request from its bearer API key; every query is confined to that project. */
@ApplicationScoped
public class ApiKeyAuthenticator {

    private final KeyDirectory keys;

    public ApiKeyAuthenticator(KeyDirectory keys) {
        this.keys = keys;
    }

    /** The project of a key allowed to read data ({@code data:read}). */
    public String projectOf(String authorization) {
        return authorize(authorization, Scopes.DATA_READ).getProjectId();
    }

    /**
     * The project of a key allowed to delete data: a secret key holding both {@code data:read} and
     * {@code ingest:write}.
     */
    public String projectToDelete(String authorization) {
        KeyGrant grant = authorize(authorization, Scopes.DATA_READ);
        if (grant.getType() != KeyType.SECRET || !grant.getScopes().contains(Scopes.INGEST_WRITE)) {
            throw refused(Refusal.forbidden(Scopes.INGEST_WRITE));
        }
        return grant.getProjectId();
    }

    /** The grant of a key holding {@code scope}; an {@link ApiException} (401, 403 or 503) otherwise. */
    public KeyGrant authorize(String authorization, String scope) {
        return keys.authorize(authorization, scope, ApiKeyAuthenticator::refused);
    }

    private static ApiException refused(Refusal refusal) {
        return new ApiException(refusal.status(), refusal.code(), refusal.message());
    }
}
