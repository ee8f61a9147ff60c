package dev.eventlane.query.gql;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.query.gql.GqlQuery.Aggregation;
import dev.eventlane.query.gql.GqlQuery.And;
import dev.eventlane.query.gql.GqlQuery.Bool;
import dev.eventlane.query.gql.GqlQuery.Bucket;
import dev.eventlane.query.gql.GqlQuery.Compare;
import dev.eventlane.query.gql.GqlQuery.Condition;
import dev.eventlane.query.gql.GqlQuery.Contains;
import dev.eventlane.query.gql.GqlQuery.FieldGroup;
import dev.eventlane.query.gql.GqlQuery.Group;
import dev.eventlane.query.gql.GqlQuery.In;
import dev.eventlane.query.gql.GqlQuery.Literal;
import dev.eventlane.query.gql.GqlQuery.Not;
import dev.eventlane.query.gql.GqlQuery.Op;
import dev.eventlane.query.gql.GqlQuery.Or;
import dev.eventlane.query.gql.GqlQuery.Text;
import dev.eventlane.query.gql.GqlTables.Table;

/**
 * Compiles a {@link GqlQuery} into ClickHouse SQL confined to one project and one time window. Literals reach SQL
 * only through {@link Sql#quote} or as parsed numbers; field names only as the tables' constant columns or as
 * quoted property keys ({@link GqlTables}).
 */
final class GqlCompiler {

    /** The window of a query that names none. */
    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    /** The longest window a query may read. */
    static final Duration MAX_WINDOW = Duration.ofDays(400);
    static final int DEFAULT_LIMIT = 100;
    /** The most buckets of a trend ({@code by 1h}) in one answer. */
    static final int MAX_BUCKETS = 5000;

    /**
     * The statements of one query: the rows (one more than the page for searches) and, for aggregates, the groups.
     *
     * @param rowsSince for searches, the rows statement also restricted to times at or after its argument (ms):
     *        the newest page is often in the window's last hours, and the tables are sorted by project and time
     * @param upperMs for searches, the end of the times the page can hold: the window's end or the cursor's time
     */
    record Compiled(String rows, Optional<String> groups, int limit, List<String> groupNames, long fromMs,
            long toMs, Optional<LongFunction<String>> rowsSince, long upperMs) {

        Compiled(String rows, Optional<String> groups, int limit, List<String> groupNames, long fromMs, long toMs) {
            this(rows, groups, limit, groupNames, fromMs, toMs, Optional.empty(), toMs);
        }
    }

    private GqlCompiler() {
    }

    static Compiled compile(GqlQuery query, String projectId, Instant now, Optional<SearchCursor> after) {
        Table table = GqlTables.of(query.source());
        long[] window = window(query, now);
        StringBuilder where = new StringBuilder(" WHERE project_id = ").append(Sql.quote(projectId))
                .append(" AND ").append(table.timeColumn()).append(" >= ").append(window[0])
                .append(" AND ").append(table.timeColumn()).append(" < ").append(window[1]);
        for (Condition condition : query.filters()) {
            where.append(" AND ").append(condition(table, condition));
        }
        for (String text : query.texts()) {
            where.append(" AND positionCaseInsensitiveUTF8(")
                    .append(query.source() == GqlQuery.Source.LOGS ? "message" : table.jsonColumn()).append(", ")
                    .append(Sql.quote(text)).append(") > 0");
        }
        int limit = query.limit().orElse(DEFAULT_LIMIT);
        if (query.aggregation().isEmpty()) {
            if (!query.groupBy().isEmpty() || query.sort().flatMap(GqlQuery.Sort::key).isPresent()) {
                throw GqlException.invalid("'by' and 'sort' by a field need an aggregation (count, sum(...), ...)");
            }
            after.ifPresent(cursor -> where.append(" AND (").append(table.timeColumn()).append(", ")
                    .append(table.idColumn()).append(") < (").append(cursor.tsMs()).append(", ")
                    .append(Sql.quote(cursor.id())).append(")"));
            String select = "SELECT " + SearchRows.columns(query.source()) + " FROM " + table.name() + where;
            String order = " ORDER BY " + table.timeColumn() + " DESC, " + table.idColumn() + " DESC LIMIT "
                    + (limit + 1);
            LongFunction<String> since = sinceMs -> select + " AND " + table.timeColumn() + " >= " + sinceMs
                    + order;
            long upper = after.map(cursor -> Math.min(window[1], cursor.tsMs() + 1)).orElse(window[1]);
            return new Compiled(select + order, Optional.empty(), limit, List.of(), window[0], window[1],
                    Optional.of(since), upper);
        }
        Aggregation aggregation = query.aggregation().get();
        List<String> groupSql = new ArrayList<>();
        List<String> groupNames = new ArrayList<>();
        Optional<Bucket> bucket = Optional.empty();
        for (Group group : query.groupBy()) {
            if (group instanceof Bucket b) {
                if (bucket.isPresent()) {
                    throw GqlException.invalid("only one time bucket per query");
                }
                long seconds = b.length().toSeconds();
                if ((window[1] - window[0]) / 1000 / seconds > MAX_BUCKETS) {
                    throw GqlException.invalid("by " + b.text() + " makes more than " + MAX_BUCKETS
                            + " buckets in the window: use a longer bucket or a shorter window");
                }
                bucket = Optional.of(b);
                groupSql.add("intDiv(" + table.timeColumn() + ", " + seconds * 1000 + ") * " + seconds * 1000);
                groupNames.add("bucket");
            } else {
                String field = ((FieldGroup) group).field();
                groupSql.add(table.field(field).text());
                groupNames.add(field);
            }
        }
        if (groupNames.size() > 5) {
            throw GqlException.invalid("at most 5 groups per query");
        }
        String value = aggregate(table, aggregation);
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < groupSql.size(); i++) {
            select.append(groupSql.get(i)).append(" AS g").append(i).append(", ");
        }
        select.append(value).append(" AS value FROM ").append(table.name()).append(where);
        if (groupSql.isEmpty()) {
            return new Compiled(select.toString(), Optional.empty(), 1, List.of(), window[0], window[1]);
        }
        String groupBy = " GROUP BY " + IntStream.range(0, groupSql.size()).mapToObj(i -> "g" + i)
                .collect(Collectors.joining(", "));
        String order = order(query, groupNames, bucket.isPresent());
        String rows = select + groupBy + " ORDER BY " + order + " LIMIT " + limit;
        String groups = "SELECT count() FROM (SELECT " + IntStream.range(0, groupSql.size())
                .mapToObj(i -> groupSql.get(i) + " AS g" + i).collect(Collectors.joining(", ")) + " FROM "
                + table.name() + where + groupBy + ")";
        return new Compiled(rows, Optional.of(groups), limit, List.copyOf(groupNames), window[0], window[1]);
    }

    private static String order(GqlQuery query, List<String> groupNames, boolean bucketed) {
        String tieBreak = IntStream.range(0, groupNames.size()).mapToObj(i -> "g" + i)
                .collect(Collectors.joining(", "));
        if (query.sort().isEmpty()) {
            // A trend reads in time order; other groups largest first.
            return bucketed ? tieBreak : "value DESC, " + tieBreak;
        }
        GqlQuery.Sort sort = query.sort().get();
        String direction = sort.descending() ? " DESC" : " ASC";
        if (sort.key().isEmpty() || sort.key().get().equalsIgnoreCase("count")
                || sort.key().get().equalsIgnoreCase("value")) {
            return "value" + direction + ", " + tieBreak;
        }
        int index = groupNames.indexOf(sort.key().get());
        if (index < 0) {
            throw GqlException.invalid("sort " + sort.key().get() + ": sort by the value (count) or by a group of"
                    + " the query (" + String.join(", ", groupNames) + ")");
        }
        return "g" + index + direction + ", " + tieBreak;
    }

    /** A property that is absent is left out of numeric aggregates instead of counting as 0. */
    private static String aggregate(Table table, Aggregation aggregation) {
        if (aggregation.field().isEmpty()) {
            return "count()";
        }
        Table.Field field = table.field(aggregation.field().get());
        if (aggregation.func() == GqlQuery.Func.COUNT_DISTINCT) {
            return "uniqExactIf(" + field.text() + ", " + field.present() + ")";
        }
        String function = switch (aggregation.func()) {
            case SUM -> "sumIf";
            case AVG -> "avgIf";
            case MIN -> "minIf";
            case MAX -> "maxIf";
            default -> "quantileExactIf(" + aggregation.percentile().orElseThrow() / 100.0 + ")";
        };
        String value = function + "(" + field.number() + ", " + field.present() + ")";
        // The minimum, maximum, mean or percentile of no values is no number (ClickHouse would say 0).
        return aggregation.func() == GqlQuery.Func.SUM ? value
                : "if(countIf(" + field.present() + ") = 0, nan, " + value + ")";
    }

    private static String condition(Table table, Condition condition) {
        if (condition instanceof And and) {
            return and.conditions().stream().map(c -> condition(table, c))
                    .collect(Collectors.joining(" AND ", "(", ")"));
        }
        if (condition instanceof Or or) {
            return or.conditions().stream().map(c -> condition(table, c))
                    .collect(Collectors.joining(" OR ", "(", ")"));
        }
        if (condition instanceof Not not) {
            return "NOT (" + condition(table, not.condition()) + ")";
        }
        if (condition instanceof Contains contains) {
            Table.Field field = table.field(contains.field());
            return "positionCaseInsensitiveUTF8(" + field.text() + ", " + Sql.quote(text(contains.value()))
                    + ") > 0";
        }
        if (condition instanceof In in) {
            Table.Field field = table.field(in.field());
            return "(" + field.present() + " AND " + field.text() + " IN ("
                    + in.values().stream().map(v -> Sql.quote(text(v))).collect(Collectors.joining(", ")) + "))";
        }
        Compare compare = (Compare) condition;
        Table.Field field = table.field(compare.field());
        boolean numeric = isNumeric(compare, field);
        if (!numeric && compare.op() != Op.EQ && compare.op() != Op.NEQ) {
            // Text ordering: a lexicographic comparison, as the reference's string fields would have.
            return "(" + field.present() + " AND " + field.text() + " " + compare.op().sql() + " "
                    + Sql.quote(text(compare.value())) + ")";
        }
        if (numeric) {
            String number = ((GqlQuery.Number) numberOf(compare.value())).value().toPlainString();
            String test = field.number() + " " + compare.op().sql() + " " + number;
            return compare.op() == Op.NEQ ? "(NOT " + field.present() + " OR " + test + ")"
                    : "(" + field.present() + " AND " + test + ")";
        }
        String test = field.text() + " " + compare.op().sql() + " " + Sql.quote(text(compare.value()));
        return compare.op() == Op.NEQ ? "(NOT " + field.present() + " OR " + test + ")"
                : "(" + field.present() + " AND " + test + ")";
    }

    /** Whether a comparison is of numbers: with a number, or ordering a numeric column; otherwise of text. */
    static boolean isNumeric(Compare compare, Table.Field field) {
        return compare.value() instanceof GqlQuery.Number
                || compare.op() != Op.EQ && compare.op() != Op.NEQ && field.isNumericColumn();
    }

    static Literal numberOf(Literal literal) {
        if (literal instanceof GqlQuery.Number) {
            return literal;
        }
        try {
            return new GqlQuery.Number(new BigDecimal(text(literal)));
        } catch (NumberFormatException e) {
            throw GqlException.invalid("'" + text(literal) + "' is not a number");
        }
    }

    static String text(Literal literal) {
        if (literal instanceof Text text) {
            return text.value();
        }
        if (literal instanceof Bool bool) {
            return String.valueOf(bool.value());
        }
        return ((GqlQuery.Number) literal).value().toPlainString();
    }

    /** {@code [from, to)} in epoch milliseconds: the query's window, or the default, never longer than the maximum. */
    static long[] window(GqlQuery query, Instant now) {
        Instant from;
        Instant to = now.plusSeconds(1);
        if (query.window().isEmpty()) {
            from = now.minus(DEFAULT_WINDOW);
        } else {
            GqlQuery.Window window = query.window().get();
            if (window.last().isPresent()) {
                from = now.minus(window.last().get());
            } else {
                from = window.from().orElseThrow();
                to = window.to().orElse(to);
            }
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW.plusSeconds(1)) > 0) {
            throw GqlException.invalid("the time window is longer than " + MAX_WINDOW.toDays() + " days");
        }
        return new long[] {from.toEpochMilli(), to.toEpochMilli()};
    }
}
