package dev.eventlane.ingest.service;

import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;

import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * Server-side ids: {@code evt_} (events) or {@code log_} (log entries) and 24 base-62 characters (143 random bits;
 * not a secret). Clients may send their own id instead (a retry with the same id is then stored once).
 */
public final class EventIds {

    /** The longest id a client may send, in characters (as for event ids). */
    public static final int MAX_CLIENT_ID = 256;

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int LENGTH = 24;

    private EventIds() {
    }

    public static String next() {
        return withPrefix("evt_");
    }

    public static String nextLog() {
        return withPrefix("log_");
    }

    /**
     * Why {@code value} is not a client id (a string of 1 to {@value #MAX_CLIENT_ID} characters without U+0000), or
     * null when it is one or is absent.
     *
     * @param field the field's name as the client wrote it, with its path ({@code batch[3].log_id})
     */
    public static String clientIdProblem(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            return field + " must be a non-empty string";
        }
        String id = value.textValue();
        if (id.codePointCount(0, id.length()) > MAX_CLIENT_ID) {
            return field + " must be at most " + MAX_CLIENT_ID + " characters";
        }
        if (id.indexOf(RecordKeys.SEPARATOR) >= 0) {
            return field + " must not contain U+0000";
        }
        return null;
    }

    /** The client's id in {@code value} (checked by {@link #clientIdProblem}), or a new {@code log_} id. */
    public static String logIdOr(JsonNode value) {
        return value == null || value.isNull() ? nextLog() : value.textValue();
    }

    private static String withPrefix(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[prefix.length() + LENGTH];
        prefix.getChars(0, prefix.length(), id, 0);
        for (int i = prefix.length(); i < id.length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
