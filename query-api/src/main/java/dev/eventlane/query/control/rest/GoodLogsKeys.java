package dev.eventlane.query.control.rest;

import dev.eventlane.query.control.service.ControlException;
import dev.eventlane.query.security.ApiKeyCaller;
import dev.eventlane.query.security.ApiKeyRefusedException;
import dev.eventlane.schemas.KeyGrant;

/** API keys on GoodLogs' {@code /v1} endpoints of the control plane: refusals in GoodLogs' error body and codes. */
public final class GoodLogsKeys {

    private GoodLogsKeys() {
    }

    /** The grant of the caller's key if it holds {@code scope}; 401 {@code UNAUTHORIZED} or 403 {@code FORBIDDEN}. */
    public static KeyGrant grant(ApiKeyCaller caller, String scope) {
        try {
            return caller.grant(scope);
        } catch (ApiKeyRefusedException e) {
            String code = switch (e.refusal().status()) {
                case 401 -> "UNAUTHORIZED";
                case 403 -> "FORBIDDEN";
                default -> "UNAVAILABLE";
            };
            throw new ControlException(e.refusal().status(), code, e.refusal().message());
        }
    }
}
