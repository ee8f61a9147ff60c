package dev.eventlane.query.control.rest;

import dev.eventlane.query.analytics.service.ApiException;
import dev.eventlane.query.control.service.ControlException;
import dev.eventlane.query.security.ApiKeyAuthenticator;
import dev.eventlane.schemas.KeyGrant;

/** API keys on GoodLogs' {@code /v1} endpoints of the control plane: refusals in GoodLogs' error body and codes. */
final class GoodLogsKeys {

    private GoodLogsKeys() {
    }

    /** The grant of a key holding {@code scope}; 401 {@code UNAUTHORIZED} or 403 {@code FORBIDDEN} otherwise. */
    static KeyGrant authorize(ApiKeyAuthenticator authenticator, String authorization, String scope) {
        try {
            return authenticator.authorize(authorization, scope);
        } catch (ApiException e) {
            String code = switch (e.status()) {
                case 401 -> "UNAUTHORIZED";
                case 403 -> "FORBIDDEN";
                default -> "UNAVAILABLE";
            };
            throw new ControlException(e.status(), code, e.getMessage());
        }
    }
}
