package dev.eventlane.query.gql;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Where the next page of a search starts: the last row's time and id (rows are newest first). */
record SearchCursor(long tsMs, String id) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((tsMs + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    static SearchCursor decode(String text) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return new SearchCursor(Long.parseLong(decoded.substring(0, colon)), decoded.substring(colon + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw GqlException.invalid("the cursor is not one this API returned");
        }
    }
}
