package dev.eventlane.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventlane.platform.auth.KeyDirectory;
import dev.eventlane.platform.auth.Refusal;
import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.KeyType;

/** Resolves the project of a request from its bearer API key, which must be allowed to ingest. */
@ApplicationScoped
public class ApiKeyAuthenticator {

    /** Seconds a client waits when keys are still loading at start-up. */
    private static final int LOADING_RETRY_SECONDS = 1;

    private final KeyDirectory keys;

    public ApiKeyAuthenticator(KeyDirectory keys) {
        this.keys = keys;
    }

    /** The grant of the request's key; an {@link IngestException} (401, 403 or 503) when it may not ingest. */
    public KeyGrant authorize(String authorization) {
        return keys.authorize(authorization, Scopes.INGEST_WRITE, ApiKeyAuthenticator::refused);
    }

    /** As {@link #authorize}, for logs: public keys (made to ship inside apps) may send events only, never logs. */
    public KeyGrant authorizeLogs(String authorization) {
        KeyGrant grant = authorize(authorization);
        if (grant.getType() != KeyType.SECRET) {
            throw new IngestException(403, "forbidden", "Logs need a secret key; public keys may send events only");
        }
        return grant;
    }

    private static IngestException refused(Refusal refusal) {
        return new IngestException(refusal.status(), refusal.code(), refusal.message(),
                refusal.status() == 503 ? LOADING_RETRY_SECONDS : null);
    }
}
