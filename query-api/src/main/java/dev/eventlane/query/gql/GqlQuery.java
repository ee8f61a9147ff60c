package dev.eventlane.query.gql;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed GQL query: what to read ({@link Source}), which rows ({@link #filters}, {@link #texts}, {@link #window}),
 * and, for an aggregate, how to fold them. A query without an aggregation is a search: the matching rows, newest
 * first.
 */
public record GqlQuery(Source source, List<Condition> filters, List<String> texts, Optional<Window> window,
        Optional<Aggregation> aggregation, List<Group> groupBy, Optional<Sort> sort, Optional<Integer> limit) {

    /** What a query reads; {@code logs} unless a {@code from:} names another. */
    public enum Source {
        LOGS("logs"), EVENTS("events"), ALERT_EVENTS("alert_events");

        private final String gqlName;

        Source(String gqlName) {
            this.gqlName = gqlName;
        }

        public String gqlName() {
            return gqlName;
        }

        static Optional<Source> named(String name) {
            for (Source source : values()) {
                if (source.gqlName.equalsIgnoreCase(name)) {
                    return Optional.of(source);
                }
            }
            return Optional.empty();
        }
    }

    public boolean isAggregate() {
        return aggregation.isPresent();
    }

    /** A literal of a filter: text, a number or a boolean. */
    public sealed interface Literal {
        Object json();
    }

    public record Text(String value) implements Literal {
        @Override
        public Object json() {
            return value;
        }
    }

    public record Number(BigDecimal value) implements Literal {
        @Override
        public Object json() {
            return value;
        }
    }

    public record Bool(boolean value) implements Literal {
        @Override
        public Object json() {
            return value;
        }
    }

    /** A condition on the rows. */
    public sealed interface Condition {
    }

    /** {@code field op value}; {@code field:value} is {@link Op#EQ}. */
    public record Compare(String field, Op op, Literal value) implements Condition {
    }

    /** Case-insensitive substring match on the field's text. */
    public record Contains(String field, Literal value) implements Condition {
    }

    public record In(String field, List<Literal> values) implements Condition {
    }

    public record And(List<Condition> conditions) implements Condition {
    }

    public record Or(List<Condition> conditions) implements Condition {
    }

    public record Not(Condition condition) implements Condition {
    }

    public enum Op {
        EQ("eq", "="), NEQ("neq", "!="), GT("gt", ">"), GTE("gte", ">="), LT("lt", "<"), LTE("lte", "<=");

        private final String gqlName;
        private final String sql;

        Op(String gqlName, String sql) {
            this.gqlName = gqlName;
            this.sql = sql;
        }

        public String gqlName() {
            return gqlName;
        }

        public String sql() {
            return sql;
        }
    }

    /** A time window: the last {@code last} before now, or {@code [from, to)}, {@code to} open when absent. */
    public record Window(Optional<Duration> last, Optional<Instant> from, Optional<Instant> to, String text) {
    }

    /** {@code count}, {@code count_distinct(f)}, {@code sum(f)}, ..., {@code percentile(f, p)}. */
    public record Aggregation(Func func, Optional<String> field, Optional<Integer> percentile) {
    }

    public enum Func {
        COUNT, COUNT_DISTINCT, SUM, AVG, MIN, MAX, PERCENTILE;

        public String gqlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A group of an aggregate: a field, or a time bucket of the given length. */
    public sealed interface Group {
    }

    public record FieldGroup(String field) implements Group {
    }

    public record Bucket(Duration length, String text) implements Group {
    }

    /** {@code sort count desc}: by the aggregate's value ({@code key} empty) or by a group field. */
    public record Sort(Optional<String> key, boolean descending) {
    }
}
