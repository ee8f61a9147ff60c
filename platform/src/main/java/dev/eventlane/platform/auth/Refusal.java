package dev.eventlane.platform.auth;

/**
 * Why a request's credentials were refused, in LogLogic's terms ({@code code}, {@code message}); each surface
 * renders it in its own error body, and the status tells the surfaces with their own codes which one to use.
 */
public record Refusal(int status, String code, String message) {

    public static final Refusal MISSING = new Refusal(401, "missing_key",
            "Send your API key as Authorization: Bearer <key>");
    public static final Refusal UNKNOWN = new Refusal(401, "invalid_key", "API key not recognized");
    public static final Refusal REVOKED = new Refusal(401, "invalid_key", "API key has been revoked");
    public static final Refusal LOADING = new Refusal(503, "unavailable",
            "API keys are still loading; retry in a moment");

    /** A valid key that may not do this: a public key on a read, or a key without the scope. */
    public static Refusal forbidden(String scope) {
        return new Refusal(403, "forbidden", "This API key lacks the " + scope + " scope");
    }
}
