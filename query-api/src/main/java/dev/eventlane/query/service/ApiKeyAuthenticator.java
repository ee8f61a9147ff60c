package dev.eventlane.query.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventlane.query.config.AuthConfig;
import dev.eventlane.schemas.auth.StaticKeys;

/** Resolves the project of a request from its bearer API key; every query is confined to that project. */
@ApplicationScoped
public class ApiKeyAuthenticator {

    private final StaticKeys keys;

    public ApiKeyAuthenticator(AuthConfig config) {
        this.keys = new StaticKeys(config.staticKeys().orElse(List.of()));
    }

    public String projectOf(String authorization) {
        return keys.projectOfRequest(authorization, refusal -> new ApiException(401, refusal.code(),
                refusal.message()));
    }
}
