package dev.eventlane.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/** Bearer keys: reading them from a request, hashing them for lookup, and minting new ones. */
public final class ApiKeys {

    /** Characters of the random part: letters and digits, so a key survives any shell, URL or header. */
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** 48 characters of 62 symbols: 285 bits, the length LogLogic's 51-character keys have after {@code ll_}. */
    public static final int RANDOM_CHARS = 48;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** The token of an {@code Authorization: Bearer <token>} header value; empty when absent or another scheme. */
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

    /**
     * The SHA-256 of a key, hex. Keys are 285 random bits, so a fast hash is enough (there is nothing to guess a
     * dictionary from), and storing only the hash means a database dump reveals no key.
     */
    public static String hash(String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code prefix} followed by {@code length} random letters and digits. */
    public static String random(String prefix, int length) {
        StringBuilder key = new StringBuilder(prefix.length() + length).append(prefix);
        for (int i = 0; i < length; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }

    /** How a key is shown after creation: its prefix and last four characters. */
    public static String mask(String key) {
        int prefix = key.lastIndexOf('_') + 1;
        return key.substring(0, prefix) + "…" + key.substring(key.length() - 4);
    }
}
