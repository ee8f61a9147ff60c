package dev.eventlane.query.gql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.eventlane.query.gql.GqlQuery.Source;
import dev.eventlane.query.gql.GqlTables.Column;

/**
 * What may come at a cursor in a partial GQL text, read from the text before the cursor alone, so that it works on
 * a query that does not parse yet: the sources after {@code from:}, the operators after a field of a {@code where},
 * a field's values after {@code field:} or {@code field =} (looked up by the caller), else the keywords, functions
 * and named fields that start a term. Every list is filtered by the word typed so far.
 */
final class GqlCompletions {

    /** One suggestion: the text to put in place of the typed word, what it is, and its kind. */
    record Suggestion(String text, String description, String kind) {
    }

    /** Where the cursor is: the source the query reads, the word typed so far, and what may stand there. */
    record Context(Source source, String word, boolean quoted, Optional<String> valuesOf, List<Suggestion> fixed) {
    }

    private static final String IDENT = "[$A-Za-z_][A-Za-z0-9_.\\-]*";
    private static final Pattern FROM = Pattern.compile("(?i)(?:^|[\\s|(])from:\\s*$");
    private static final Pattern ANY_FROM = Pattern.compile("(?i)(?:^|[\\s|(])from:\\s*(" + IDENT + ")");
    private static final Pattern FIELD_COLON = Pattern.compile("(?:^|[\\s|(!])(" + IDENT + "):$");
    private static final Pattern FIELD_EQUALS = Pattern.compile("(" + IDENT + ")\\s*(?:==?|!=|<>)\\s*$");
    private static final Pattern FIELD_AFTER_WHERE = Pattern.compile("(?i)(?:^|[\\s(])(?:where|and|or|not|!)\\s+("
            + IDENT + ")\\s+$");
    private static final Pattern FIELD_ONLY = Pattern.compile("(?i)(?:(?:^|[\\s(])(?:where|and|or|not|by|distinct)"
            + "\\s+|[(,]\\s*)$");
    private static final Pattern SORT = Pattern.compile("(?i)(?:^|[\\s|])sort\\s+$");
    private static final Pattern SORT_KEY = Pattern.compile("(?i)(?:^|[\\s|])sort\\s+" + IDENT + "\\s+$");
    private static final Pattern TERM_START = Pattern.compile("(?:^|[\\s|])$");
    /** Words that are never a field where the grammar reads a keyword. */
    private static final List<String> RESERVED = List.of("where", "and", "or", "not", "in", "contains", "by", "from",
            "last", "since", "between", "sort", "top", "limit", "asc", "desc", "distinct");

    private static final List<Suggestion> SOURCES = List.of(
            new Suggestion("logs", "Log entries (the default source)", "source"),
            new Suggestion("events", "Product analytics events", "source"),
            new Suggestion("alert_events", "The alerts that fired", "source"));
    private static final List<Suggestion> KEYWORDS = List.of(
            new Suggestion("count", "Count the matching rows", "function"),
            new Suggestion("count_distinct(", "Count the distinct values of a field", "function"),
            new Suggestion("sum(", "Sum of a numeric field", "function"),
            new Suggestion("avg(", "Average of a numeric field", "function"),
            new Suggestion("min(", "Smallest value of a numeric field", "function"),
            new Suggestion("max(", "Largest value of a numeric field", "function"),
            new Suggestion("percentile(", "percentile(field, 95): a percentile of a numeric field", "function"),
            new Suggestion("where", "Filter: where field = value AND ...", "keyword"),
            new Suggestion("last", "Time window: last 1h, last 7d", "keyword"),
            new Suggestion("since", "Time window from an ISO 8601 time", "keyword"),
            new Suggestion("by", "Group an aggregation: by field or by 1h", "keyword"),
            new Suggestion("sort", "Order groups: sort count desc", "keyword"),
            new Suggestion("top", "The first N groups: top 10", "keyword"),
            new Suggestion("limit", "At most N rows or groups: limit 100", "keyword"),
            new Suggestion("from:", "The source: logs, events or alert_events", "keyword"));
    private static final List<Suggestion> OPERATORS = List.of(
            new Suggestion("=", "Equals", "operator"), new Suggestion("!=", "Differs", "operator"),
            new Suggestion(">", "Greater than", "operator"), new Suggestion(">=", "Greater or equal", "operator"),
            new Suggestion("<", "Less than", "operator"), new Suggestion("<=", "Less or equal", "operator"),
            new Suggestion("contains", "Contains the text, ignoring case", "operator"),
            new Suggestion("in", "One of: in ('a', 'b')", "operator"));
    private static final List<Suggestion> SORT_KEYS = List.of(
            new Suggestion("count", "By the aggregate's value", "keyword"),
            new Suggestion("value", "By the aggregate's value", "keyword"));
    private static final List<Suggestion> DIRECTIONS = List.of(
            new Suggestion("desc", "Largest first", "keyword"), new Suggestion("asc", "Smallest first", "keyword"));

    private GqlCompletions() {
    }

    /** What may stand at {@code cursor} (0 to the text's length) of {@code text}. */
    static Context at(String text, int cursor) {
        String before = text.substring(0, cursor);
        Source source = source(text);
        int quote = openQuote(before);
        if (quote >= 0) {
            Optional<String> field = valueField(before.substring(0, quote));
            return new Context(source, before.substring(quote + 1), true, field, List.of());
        }
        int start = before.length();
        while (start > 0 && isWordChar(before.charAt(start - 1))) {
            start--;
        }
        String word = before.substring(start);
        String head = before.substring(0, start);
        List<Suggestion> fixed;
        if (FROM.matcher(head).find()) {
            fixed = SOURCES;
        } else {
            Optional<String> field = valueField(head);
            if (field.isPresent()) {
                return new Context(source, word, false, field, List.of());
            }
            fixed = fixed(head, source);
        }
        String typed = word.toLowerCase(Locale.ROOT);
        return new Context(source, word, false, Optional.empty(), fixed.stream()
                .filter(s -> s.text().toLowerCase(Locale.ROOT).startsWith(typed) && !s.text().equals(word)).toList());
    }

    private static List<Suggestion> fixed(String head, Source source) {
        Matcher where = FIELD_AFTER_WHERE.matcher(head);
        if (where.find() && !RESERVED.contains(where.group(1).toLowerCase(Locale.ROOT))) {
            return OPERATORS;
        }
        if (SORT_KEY.matcher(head).find()) {
            return DIRECTIONS;
        }
        if (SORT.matcher(head).find()) {
            return concat(SORT_KEYS, fields(source));
        }
        if (FIELD_ONLY.matcher(head).find()) {
            return fields(source);
        }
        if (TERM_START.matcher(head).find()) {
            return concat(KEYWORDS, fields(source));
        }
        return List.of();
    }

    /** The field whose value the text before the word asks for: {@code field:} or {@code field =}. */
    private static Optional<String> valueField(String head) {
        Matcher colon = FIELD_COLON.matcher(head);
        Matcher equals = FIELD_EQUALS.matcher(head);
        String field = colon.find() ? colon.group(1) : equals.find() ? equals.group(1) : null;
        if (field == null || RESERVED.contains(field.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(field);
    }

    /** The source a {@code from:} names anywhere in the text; logs without one (or with an unknown one). */
    private static Source source(String text) {
        Matcher from = ANY_FROM.matcher(text);
        return from.find() ? Source.named(from.group(1)).orElse(Source.LOGS) : Source.LOGS;
    }

    /** The offset of a quote the text leaves open, or -1. */
    private static int openQuote(String text) {
        int open = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (open >= 0 && c == '\\') {
                i++;
            } else if (open < 0 && (c == '\'' || c == '"')) {
                open = i;
            } else if (open >= 0 && c == text.charAt(open)) {
                open = -1;
            }
        }
        return open;
    }

    private static List<Suggestion> fields(Source source) {
        List<Suggestion> fields = new ArrayList<>();
        GqlTables.of(source).columns().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> fields.add(new Suggestion(e.getKey(), description(source, e.getValue()), "field")));
        return fields;
    }

    private static String description(Source source, Column column) {
        return (column.kind() == GqlTables.Kind.NUMBER ? "Number" : "Text") + " field of " + source.gqlName();
    }

    private static List<Suggestion> concat(List<Suggestion> first, List<Suggestion> second) {
        List<Suggestion> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '$';
    }
}
