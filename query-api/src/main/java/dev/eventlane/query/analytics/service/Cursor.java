package dev.eventlane.query.analytics.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A position in the newest-first order of events: (event time, event id). Opaque to clients (URL-safe base64), so
 * pages stay stable while new events arrive.
 */
public record Cursor(long tsMs, String eventId) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((tsMs + ":" + eventId).getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            if (colon <= 0 || colon == plain.length() - 1) {
                throw new IllegalArgumentException("no separator");
            }
            return new Cursor(Long.parseLong(plain.substring(0, colon)), plain.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_cursor", "cursor is not one this API returned");
        }
    }
}
