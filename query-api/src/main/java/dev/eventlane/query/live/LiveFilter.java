package dev.eventlane.query.live;

import java.util.Arrays;
import java.util.Locale;

import dev.eventlane.query.control.service.ControlException;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.Source;

/** Which of a project's new events a live-feed client wants: each given field must match exactly. */
public record LiveFilter(String action, String userId, String funnel, Source source) {

    private static final int MAX_LENGTH = 256;

    /** From the query parameters; blank means any. An unknown source or an over-long value is a 400. */
    public static LiveFilter of(String action, String userId, String funnel, String source) {
        return new LiveFilter(checked("action", action), checked("user_id", userId), checked("funnel", funnel),
                sourceOf(source));
    }

    public boolean matches(Event event) {
        return (action == null || action.equals(event.getName()))
                && (userId == null || userId.equals(event.getUserId()))
                && (funnel == null || funnel.equals(event.getFunnel()))
                && (source == null || source == event.getSource());
    }

    private static String checked(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_LENGTH) {
            throw ControlException.validation(name + " is longer than " + MAX_LENGTH + " characters");
        }
        return value;
    }

    private static Source sourceOf(String source) {
        if (source == null || source.isBlank()) {
            return null;
        }
        String upper = source.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(Source.values()).filter(s -> s.name().equals(upper)).findFirst()
                .orElseThrow(() -> ControlException.validation("source must be one of "
                        + Arrays.stream(Source.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).toList()));
    }
}
