package dev.eventlane.query.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An API key to verify, as sent in {@code Authorization: Bearer <key>}. */
public class ApiKeyRequest extends BaseAuthenticationRequest {

    private final String key;

    public ApiKeyRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
