package dev.eventlane.query.web.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.query.analytics.service.ApiException;

/**
 * The dashboard filter language of the web analytics endpoints (grammar in docs/web.md, "Filters"): terms
 * {@code [!]key:value[|value...]} separated by spaces, all of which must hold; values bare or double-quoted (with
 * {@code \"} and {@code \\} escapes). A filter becomes one SQL condition on {@code web_events} in which every value
 * is a literal made by {@link Sql#quote}; keys map to fixed column expressions.
 */
public final class WebFilter {

    static final int MAX_LENGTH = 2000;
    static final int MAX_TERMS = 20;
    static final int MAX_VALUES = 50;
    static final int MAX_VALUE_LENGTH = 500;
    private static final List<String> EVENT_TYPES = List.of("pageview", "custom");

    /** The keys and how a value is compared: exactly, or case-insensitively. */
    private enum Key {
        PATH("path", true),
        COUNTRY("lowerUTF8(country)", false),
        DEVICE("lowerUTF8(device)", false),
        BROWSER("lowerUTF8(browser)", false),
        OS("lowerUTF8(os)", false),
        VISITOR_ID("visitor_id", true),
        SESSION_ID("session_id", true),
        EVENT_TYPE("event_type", false),
        CUSTOM_EVENT_NAME("name", true),
        SEARCH(null, false);

        final String column;
        final boolean exact;

        Key(String column, boolean exact) {
            this.column = column;
            this.exact = exact;
        }
    }

    private static final Map<String, Key> KEYS = java.util.Arrays.stream(Key.values())
            .collect(Collectors.toMap(k -> k.name().toLowerCase(Locale.ROOT), k -> k));

    /** One term: a key, its alternatives (any may match) and whether it is negated. */
    record Term(String key, List<String> values, boolean negated) {
    }

    private static final WebFilter NONE = new WebFilter(List.of());

    private final List<Term> terms;

    private WebFilter(List<Term> terms) {
        this.terms = terms;
    }

    public static WebFilter none() {
        return NONE;
    }

    List<Term> terms() {
        return terms;
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /** Parses the {@code filter} parameter; absent or blank is no filter. 400 {@code invalid_filter} otherwise. */
    public static WebFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid("is longer than " + MAX_LENGTH + " characters");
        }
        return new WebFilter(new Parser(text).terms());
    }

    /** The condition every matching event meets ({@code 1} without a filter). */
    public String sql() {
        if (terms.isEmpty()) {
            return "1";
        }
        return terms.stream().map(WebFilter::termSql).collect(Collectors.joining(" AND ", "(", ")"));
    }

    /**
     * The same filter as a condition on sessions, when it can be one exactly: "the session has at least one matching
     * event" is decided by its id and visitor (the same for all its events) and its pageview and event counts when
     * every term is on {@code session_id}, {@code visitor_id} or {@code event_type}. Columns: {@code session_id},
     * {@code visitor_id} and the two named. Empty when a term is on a field of single events (path, client, place,
     * name, search): then only the events can tell.
     *
     * @param pageviews the column of the session's pageview count
     * @param events    the column of its event count
     */
    public Optional<String> sessionSql(String pageviews, String events) {
        Set<String> types = new HashSet<>(EVENT_TYPES);
        List<String> conditions = new ArrayList<>();
        for (Term term : terms) {
            switch (KEYS.get(term.key())) {
                case SESSION_ID, VISITOR_ID -> conditions.add(termSql(term));
                case EVENT_TYPE -> types.removeIf(type -> term.values().contains(type) == term.negated());
                default -> {
                    return Optional.empty();
                }
            }
        }
        List<String> kinds = new ArrayList<>();
        if (types.contains("pageview")) {
            kinds.add(pageviews + " > 0");
        }
        if (types.contains("custom")) {
            kinds.add(events + " > " + pageviews);
        }
        conditions.add(kinds.isEmpty() ? "0" : kinds.stream().collect(Collectors.joining(" OR ", "(", ")")));
        return Optional.of(String.join(" AND ", conditions));
    }

    private static String termSql(Term term) {
        Key key = KEYS.get(term.key());
        String any = term.values().stream().map(value -> valueSql(key, value))
                .collect(Collectors.joining(" OR ", "(", ")"));
        return term.negated() ? "NOT " + any : any;
    }

    private static String valueSql(Key key, String value) {
        String folded = value.toLowerCase(Locale.ROOT);
        return switch (key) {
            case SEARCH -> "(positionCaseInsensitiveUTF8(path, " + Sql.quote(value) + ") > 0"
                    + " OR positionCaseInsensitiveUTF8(url, " + Sql.quote(value) + ") > 0"
                    + " OR (event_type = 'custom' AND positionCaseInsensitiveUTF8(name, " + Sql.quote(value) + ") > 0)"
                    + " OR positionCaseInsensitiveUTF8(referrer_host, " + Sql.quote(value) + ") > 0)";
            case CUSTOM_EVENT_NAME -> "(event_type = 'custom' AND name = " + Sql.quote(value) + ")";
            default -> key.column + " = " + Sql.quote(key.exact ? value : folded);
        };
    }

    static ApiException invalid(String problem) {
        return new ApiException(400, "invalid_filter", "filter " + problem);
    }

    /** A hand-written scanner: one pass, bounded by the length check, no regular expressions on user input. */
    private static final class Parser {

        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        List<Term> terms() {
            List<Term> terms = new ArrayList<>();
            skipSpaces();
            while (at < text.length()) {
                if (terms.size() == MAX_TERMS) {
                    throw invalid("has more than " + MAX_TERMS + " terms");
                }
                terms.add(term());
                if (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
                    throw invalid("has an unexpected '" + text.charAt(at) + "' at position " + (at + 1));
                }
                skipSpaces();
            }
            return List.copyOf(terms);
        }

        private Term term() {
            int start = at;
            boolean negated = text.charAt(at) == '!';
            if (negated) {
                at++;
            }
            int colon = text.indexOf(':', at);
            int keyEnd = colon < 0 ? text.length() : colon;
            for (int i = at; i < keyEnd; i++) {
                if (Character.isWhitespace(text.charAt(i))) {
                    keyEnd = i;
                    break;
                }
            }
            String key = text.substring(at, keyEnd);
            if (keyEnd != colon) {
                throw invalid("term at position " + (start + 1) + " is not key:value");
            }
            if (!KEYS.containsKey(key)) {
                throw invalid("has an unknown key '" + shorten(key) + "'; known keys: " + String.join(", ",
                        KEYS.keySet().stream().sorted().toList()));
            }
            at = colon + 1;
            List<String> values = new ArrayList<>();
            values.add(value(key));
            while (at < text.length() && text.charAt(at) == '|') {
                at++;
                if (values.size() == MAX_VALUES) {
                    throw invalid("term " + key + " has more than " + MAX_VALUES + " values");
                }
                values.add(value(key));
            }
            return new Term(key, List.copyOf(values), negated);
        }

        private String value(String key) {
            String value = at < text.length() && text.charAt(at) == '"' ? quoted(key) : bare(key);
            if (value.isEmpty()) {
                throw invalid("term " + key + " has an empty value");
            }
            if (value.length() > MAX_VALUE_LENGTH) {
                throw invalid("term " + key + " has a value longer than " + MAX_VALUE_LENGTH + " characters");
            }
            if (value.indexOf('\u0000') >= 0) {
                throw invalid("term " + key + " has a value with a NUL character");
            }
            if (key.equals("event_type") && !value.equals("pageview") && !value.equals("custom")) {
                throw invalid("event_type must be pageview or custom");
            }
            return value;
        }

        private String quoted(String key) {
            StringBuilder value = new StringBuilder();
            at++;
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && at < text.length()) {
                    c = text.charAt(at++);
                }
                value.append(c);
            }
            throw invalid("term " + key + " has a quoted value without its closing quote");
        }

        private String bare(String key) {
            int start = at;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (Character.isWhitespace(c) || c == '|') {
                    break;
                }
                if (c == '"') {
                    throw invalid("term " + key + " has a quote inside an unquoted value");
                }
                at++;
            }
            return text.substring(start, at);
        }

        private void skipSpaces() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private static String shorten(String key) {
            return key.length() > 40 ? key.substring(0, 40) + "..." : key;
        }
    }
}
