package dev.eventlane.query.rest;

import dev.eventlane.query.service.ApiException;

/** Parsing of the plain query parameters the resources share; 400 {@code invalid_parameter} naming the one at fault. */
final class Params {

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

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
