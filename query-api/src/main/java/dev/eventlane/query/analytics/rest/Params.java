package dev.eventlane.query.analytics.rest;

import dev.eventlane.query.analytics.service.ApiException;

/** Parsing of the plain query parameters the resources share; 400 {@code invalid_parameter} naming the one at fault. */
final class Params {

    /** The longest id ingest accepts ({@code user_id}, {@code session_id}). */
    static final int MAX_ID = 256;

    private Params() {
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} when absent. */
    static int whole(String name, String text, int min, int max, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badParameter(name + " must be a whole number from " + min + " to " + max);
    }

    /** An id given in full (not blank, as long as ingest accepts ids at most, no NUL, which no stored id holds). */
    static String id(String name, String text) {
        if (text == null || text.isBlank() || text.length() > MAX_ID || text.indexOf('\u0000') >= 0) {
            throw ApiException.badParameter(name + " must be a non-empty id of at most " + MAX_ID + " characters");
        }
        return text;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
