package dev.eventlane.ingest.service;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Server-side ids: {@code evt_} (events) or {@code log_} (log entries) and 24 base-62 characters (143 random bits;
 * not a secret).
 */
public final class EventIds {

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
