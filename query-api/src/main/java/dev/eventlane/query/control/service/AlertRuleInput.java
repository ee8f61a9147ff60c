package dev.eventlane.query.control.service;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.eventlane.query.gql.GqlAlertCondition;
import dev.eventlane.query.gql.GqlException;
import dev.eventlane.schemas.logs.Severities;

/**
 * An alert rule as {@code POST} and {@code PUT /v1/alerts} take it, checked: {@code name} (1 to 200 characters),
 * {@code source} ({@code events} or {@code logs}), {@code event} (with events: the event name counted) or
 * {@code severity} (with logs: debug, info, warn, error or fatal), {@code window} (a duration such as {@code 30s},
 * {@code 5m} or {@code 1h}, from 10 s to 24 h), {@code condition} ({@code above}, the default, or {@code below}),
 * {@code threshold} (an integer of 0 or more) and {@code enabled} (true by default). Other fields are ignored; a
 * field that is null counts as absent. Each failure is a 400 naming the field.
 *
 * <p>Instead of source, event or severity, and window, a rule may have a {@code query}: a GQL condition
 * ({@link GqlAlertCondition}: filters, {@code count} or {@code count_distinct(distinct_id)}, {@code last <window>}),
 * whose errors are GQL's 400 (syntax) and 422 (outside the subset), with their position. Such a rule has an empty
 * {@code match}. A distinct count's threshold above {@link GqlAlertCondition#MAX_DISTINCT_THRESHOLD} is a 422.
 */
public record AlertRuleInput(String name, String source, String match, long windowSeconds, String condition,
        long threshold, boolean enabled, String query) {

    public static final String EVENTS = "events";
    public static final String LOGS = "logs";
    public static final String ABOVE = "above";
    public static final String BELOW = "below";
    static final int MAX_NAME = 200;
    /** As long as an event name ingest accepts. */
    static final int MAX_EVENT = 256;
    /** Shorter windows would count a handful of records, judged between two checks of the evaluator. */
    static final Duration MIN_WINDOW = Duration.ofSeconds(10);
    /** The evaluator keeps a rule's counts for a window: a day bounds that state. */
    static final Duration MAX_WINDOW = Duration.ofHours(24);
    private static final Pattern WINDOW = Pattern.compile("([0-9]{1,6})([smh])");
    private static final String WINDOW_RULE = "window must be a duration such as 30s, 5m or 1h, from 10s to 24h";

    public static AlertRuleInput of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ControlException.validation("Send a JSON object body");
        }
        String name = name(given(body, "name"));
        JsonNode query = given(body, "query");
        String source;
        String match;
        long windowSeconds;
        String gql = null;
        GqlAlertCondition compiled = null;
        if (query != null) {
            compiled = gql(body, query);
            gql = query.textValue().strip();
            source = compiled.source();
            match = "";
            windowSeconds = compiled.windowSeconds();
        } else {
            source = text(given(body, "source"), "source must be events or logs (or send a GQL query)");
            if (!EVENTS.equals(source) && !LOGS.equals(source)) {
                throw ControlException.validation("source must be events or logs (or send a GQL query)");
            }
            match = EVENTS.equals(source) ? event(body) : severity(body);
            windowSeconds = windowSeconds(given(body, "window"));
        }
        JsonNode condition = given(body, "condition");
        String comparison = condition == null ? ABOVE : text(condition, "condition must be above or below");
        if (!ABOVE.equals(comparison) && !BELOW.equals(comparison)) {
            throw ControlException.validation("condition must be above or below");
        }
        JsonNode threshold = given(body, "threshold");
        if (threshold == null || !threshold.isIntegralNumber() || !threshold.canConvertToLong()
                || threshold.longValue() < 0) {
            throw ControlException.validation("threshold is required: an integer of 0 or more");
        }
        if (compiled != null && compiled.distinct()
                && threshold.longValue() > GqlAlertCondition.MAX_DISTINCT_THRESHOLD) {
            throw new ControlException(422, "VALIDATION_ERROR", "threshold of a count_distinct condition is at most "
                    + GqlAlertCondition.MAX_DISTINCT_THRESHOLD + ", not " + threshold.longValue());
        }
        JsonNode enabled = given(body, "enabled");
        if (enabled != null && !enabled.isBoolean()) {
            throw ControlException.validation("enabled must be true or false");
        }
        return new AlertRuleInput(name, source, match, windowSeconds, comparison, threshold.longValue(),
                enabled == null || enabled.booleanValue(), gql);
    }

    /**
     * A stored GQL condition compiled for the rules topic. It was checked when it was stored; a condition that no
     * longer compiles is a {@link GqlException}.
     */
    public static GqlAlertCondition compile(String query) {
        return GqlAlertCondition.compile(query, MIN_WINDOW, MAX_WINDOW);
    }

    /** A GQL condition: it replaces source, event, severity and window; its errors are GQL's 400 and 422. */
    private static GqlAlertCondition gql(JsonNode body, JsonNode query) {
        for (String replaced : List.of("source", "event", "severity", "window")) {
            if (given(body, replaced) != null) {
                throw ControlException.validation("query replaces " + replaced
                        + ": a GQL condition names its source (from:events) and window (last 5m) itself");
            }
        }
        if (!query.isTextual()) {
            throw ControlException.validation("query must be a GQL query as a string, such as"
                    + " \"severity:error | count | last 5m\"");
        }
        try {
            // Positions in errors count in the text as sent; the rule keeps it without surrounding blanks.
            return compile(query.textValue());
        } catch (GqlException e) {
            throw new ControlException(e.status(), "VALIDATION_ERROR", e.getMessage());
        }
    }

    /** A window as the API shows it: in its largest whole unit ({@code 90s}, {@code 5m}, {@code 2h}). */
    public static String window(long seconds) {
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private static String name(JsonNode name) {
        String value = text(name, "name is required: a string of 1 to " + MAX_NAME + " characters").strip();
        if (value.isEmpty() || value.length() > MAX_NAME) {
            throw ControlException.validation("name must be 1 to " + MAX_NAME + " characters");
        }
        return value;
    }

    private static String event(JsonNode body) {
        if (given(body, "severity") != null) {
            throw ControlException.validation("severity applies to source logs; source events counts an event");
        }
        String message = "event is required with source events: the event name counted, 1 to " + MAX_EVENT
                + " characters";
        String event = text(given(body, "event"), message);
        if (event.isEmpty() || event.codePointCount(0, event.length()) > MAX_EVENT) {
            throw ControlException.validation(message);
        }
        return event;
    }

    private static String severity(JsonNode body) {
        if (given(body, "event") != null) {
            throw ControlException.validation("event applies to source events; source logs counts a severity");
        }
        String message = "severity is required with source logs: one of " + String.join(", ", Severities.NAMES);
        String severity = text(given(body, "severity"), message);
        if (!Severities.NAMES.contains(severity)) {
            throw ControlException.validation(message);
        }
        return severity;
    }

    private static long windowSeconds(JsonNode window) {
        Matcher parts = WINDOW.matcher(text(window, WINDOW_RULE));
        if (!parts.matches()) {
            throw ControlException.validation(WINDOW_RULE);
        }
        long amount = Long.parseLong(parts.group(1));
        Duration duration = switch (parts.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (duration.compareTo(MIN_WINDOW) < 0 || duration.compareTo(MAX_WINDOW) > 0) {
            throw ControlException.validation(WINDOW_RULE);
        }
        return duration.toSeconds();
    }

    /** The field, or null when it is absent or null. */
    private static JsonNode given(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static String text(JsonNode value, String message) {
        if (value == null || !value.isTextual()) {
            throw ControlException.validation(message);
        }
        return value.textValue();
    }
}
