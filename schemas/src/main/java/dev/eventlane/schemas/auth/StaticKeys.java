package dev.eventlane.schemas.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * API keys given by configuration ({@code key=project} pairs), until the control plane owns keys. Only SHA-256
 * hashes of the keys are held, and lookups go by hash, so a key's bytes are never compared one by one.
 */
public final class StaticKeys {

    private final Map<String, String> projectByKeyHash = new HashMap<>();

    /** @param entries {@code key=projectId} pairs */
    public StaticKeys(List<String> entries) {
        for (String entry : entries) {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("API key entry must look like key=project, got a malformed one");
            }
            projectByKeyHash.put(hash(entry.substring(0, eq).strip()), entry.substring(eq + 1).strip());
        }
    }

    /** Why a request's key was refused: the LogLogic code and message every surface's 401 builds on. */
    public enum Refusal {
        MISSING("missing_key", "Send your API key as Authorization: Bearer <key>"),
        UNKNOWN("invalid_key", "API key not recognized");

        private final String code;
        private final String message;

        Refusal(String code, String message) {
            this.code = code;
            this.message = message;
        }

        public String code() {
            return code;
        }

        public String message() {
            return message;
        }
    }

    /**
     * The project of the request's bearer key.
     *
     * @param refused turns a refusal into the caller's own exception
     */
    public <X extends RuntimeException> String projectOfRequest(String authorization,
            Function<Refusal, X> refused) {
        String key = bearer(authorization).orElseThrow(() -> refused.apply(Refusal.MISSING));
        return projectOf(key).orElseThrow(() -> refused.apply(Refusal.UNKNOWN));
    }

    /** The project the key belongs to, if it is a known key. */
    public Optional<String> projectOf(String key) {
        return Optional.ofNullable(projectByKeyHash.get(hash(key)));
    }

    /**
     * The key from an {@code Authorization} header value, or empty when the header is absent or not a bearer
     * token.
     */
    public static Optional<String> bearer(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String key = value.substring(7).strip();
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }

    static String hash(String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
