package dev.eventlane.query.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A personal access token to verify. */
public class AccessTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public AccessTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
