package dev.eventlane.query.control.service;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Checks of control-plane input; each failure is a 400 naming the field. */
final class Validate {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final int MAX_NAME = 100;
    /** An origin as browsers send it: scheme, host and an optional port, nothing after. */
    private static final Pattern ORIGIN = Pattern.compile("https?://[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:\\d{1,5})?");
    static final int MAX_ORIGINS = 50;

    private Validate() {
    }

    static String email(String email) {
        if (email == null || email.length() > 254 || !EMAIL.matcher(email.strip()).matches()) {
            throw ControlException.validation("email must be an email address");
        }
        return email.strip().toLowerCase(Locale.ROOT);
    }

    static String password(String password) {
        // The upper bound keeps a request from buying seconds of Argon2 with a huge password.
        if (password == null || password.length() < 8 || password.length() > 128) {
            throw ControlException.validation("password must be 8 to 128 characters");
        }
        return password;
    }

    static String name(String field, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_NAME) {
            throw ControlException.validation(field + " must be 1 to " + MAX_NAME + " characters");
        }
        return value.strip();
    }

    static String slug(String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw ControlException.validation("slug must be 1 to 63 lower-case letters, digits or dashes, starting "
                    + "with a letter or digit");
        }
        return slug;
    }

    /** Browser origins ({@code https://shop.example.com}, {@code http://localhost:3000}), lower-cased, no duplicates. */
    static List<String> origins(String field, List<String> origins) {
        if (origins.size() > MAX_ORIGINS) {
            throw ControlException.validation(field + " holds at most " + MAX_ORIGINS + " origins");
        }
        Set<String> valid = new LinkedHashSet<>();
        for (String origin : origins) {
            String normal = origin == null ? "" : origin.strip().toLowerCase(Locale.ROOT);
            if (!ORIGIN.matcher(normal).matches()) {
                throw ControlException.validation(field + " must hold origins like https://shop.example.com or "
                        + "http://localhost:3000 (scheme, host and port only)");
            }
            valid.add(normal);
        }
        return List.copyOf(valid);
    }

    /** A path id; anything that is not an id is a thing that does not exist. */
    static UUID id(String what, String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ControlException.notFound(what);
        }
    }

    static <T> T orDefault(T value, T fallback) {
        return Optional.ofNullable(value).orElse(fallback);
    }
}
