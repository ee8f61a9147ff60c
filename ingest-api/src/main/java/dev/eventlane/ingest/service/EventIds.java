package dev.eventlane.ingest.service;

import java.util.concurrent.ThreadLocalRandom;

/** Server-side event ids: {@code evt_} and 24 base-62 characters (143 random bits; not a secret). */
public final class EventIds {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int LENGTH = 24;

    private EventIds() {
    }

    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[4 + LENGTH];
        "evt_".getChars(0, 4, id, 0);
        for (int i = 4; i < id.length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
