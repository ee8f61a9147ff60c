package dev.eventlane.ingest.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventlane.ingest.config.AuthConfig;
import dev.eventlane.schemas.auth.StaticKeys;

/** Resolves the project of a request from its bearer API key. */
@ApplicationScoped
public class ApiKeyAuthenticator {

    private final StaticKeys keys;

    public ApiKeyAuthenticator(AuthConfig config) {
        this.keys = new StaticKeys(config.staticKeys().orElse(List.of()));
    }

    /** The project id of the request's key; a 401 {@link IngestException} when the key is missing or unknown. */
    public String projectOf(String authorization) {
        return keys.projectOfRequest(authorization, refusal -> new IngestException(401, refusal.code(),
                refusal.message()));
    }
}
