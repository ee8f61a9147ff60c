package dev.eventlane.query.gql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.antlr.v4.runtime.ParserRuleContext;

import dev.eventlane.query.gql.GqlQuery.And;
import dev.eventlane.query.gql.GqlQuery.Compare;
import dev.eventlane.query.gql.GqlQuery.Condition;
import dev.eventlane.query.gql.GqlQuery.Contains;
import dev.eventlane.query.gql.GqlQuery.In;
import dev.eventlane.query.gql.GqlQuery.Not;
import dev.eventlane.query.gql.GqlQuery.Or;
import dev.eventlane.query.gql.GqlQuery.Source;
import dev.eventlane.query.gql.GqlTables.Table;
import dev.eventlane.schemas.RulePredicate;

/**
 * A GQL query as an alert rule's condition (GoodLogs' "alert" mode): the subset of GQL the streaming rule engine
 * evaluates record by record, compiled into the {@link RulePredicate} tree the rule's record carries.
 *
 * <p>The subset: {@code from:logs} (the default) or {@code from:events}; any filters ({@code field:value},
 * {@code where ...}, quoted searches); {@code count} (or nothing: the matching records are counted), or, on
 * {@code from:events} only, {@code count_distinct(distinct_id)} ({@code count distinct $distinct_id}: the distinct
 * users of the matching events); and exactly one {@code last <duration>} window. Not in it, each refused with its
 * position: {@code from:alert_events}, {@code since}/{@code between}, other aggregations ({@code sum}...), a distinct
 * count of another field or source, {@code by}, {@code sort}, {@code top}, {@code limit}. The threshold and its
 * direction are the rule's {@code threshold} and {@code condition}, as for every rule.
 *
 * <p>Distinct users add up exactly over the partitions of {@code events-unique} (keyed by project and user), so the
 * evaluator counts them per partition, and keeps at most threshold + 1 users per rule and partition: enough to know
 * that the sum is above the threshold. Hence the cap on a distinct count's threshold.
 *
 * @param source {@code logs} or {@code events}
 * @param filter the records counted; null: every record of the source
 * @param aggregation {@link #COUNT} or {@link #COUNT_DISTINCT}, as the rule's record carries it
 */
public record GqlAlertCondition(String source, long windowSeconds, RulePredicate filter, String aggregation) {

    /** Bounds the evaluator's work per record: at most this many conditions (an {@code in} list is one). */
    public static final int MAX_CONDITIONS = 64;
    /** The records matched are counted. */
    public static final String COUNT = "count";
    /** The distinct users ({@code user_id}) of the events matched are counted. */
    public static final String COUNT_DISTINCT = "count_distinct";
    /**
     * The highest threshold of a distinct count: the evaluator keeps up to threshold + 1 users per rule and
     * partition, in memory.
     */
    public static final long MAX_DISTINCT_THRESHOLD = 100_000;
    /** The column every field a distinct count may name ({@code distinct_id}, {@code $distinct_id}) reads. */
    private static final String USER_COLUMN = "user_id";

    /**
     * Parses and checks a condition.
     *
     * @param minWindow the shortest window a rule may have
     * @param maxWindow the longest window a rule may have
     * @throws GqlException 400 when it does not parse, 422 when it asks for more than the subset
     */
    public static GqlAlertCondition compile(String text, Duration minWindow, Duration maxWindow) {
        GqlQuery query = GqlSyntax.parse(text);
        Integer windowAt = null;
        String aggregation = COUNT;
        for (GqlParser.StageContext stage : GqlSyntax.tree(text).stage()) {
            for (GqlParser.TermContext term : stage.term()) {
                if (term instanceof GqlParser.LastTermContext) {
                    windowAt = start(term);
                }
                check(term);
                if (term instanceof GqlParser.AggregateTermContext aggregate) {
                    aggregation = aggregation(aggregate.aggregation(), query.source());
                }
            }
        }
        if (windowAt == null) {
            throw GqlException.invalid(text.length(), "an alert condition needs its window: 'last <duration>', "
                    + "from " + seconds(minWindow) + " to " + seconds(maxWindow));
        }
        Duration window = query.window().orElseThrow().last().orElseThrow();
        if (window.compareTo(minWindow) < 0 || window.compareTo(maxWindow) > 0) {
            throw GqlException.invalid(windowAt, "an alert condition's window is from " + seconds(minWindow)
                    + " to " + seconds(maxWindow) + ", not " + seconds(window));
        }
        Table table = GqlTables.of(query.source());
        List<RulePredicate> all = new ArrayList<>();
        int[] conditions = {0};
        for (Condition condition : query.filters()) {
            all.add(predicate(table, condition, conditions));
        }
        for (String searched : query.texts()) {
            conditions[0]++;
            all.add(RulePredicate.newBuilder().setOp("search").setValues(List.of(searched)).build());
        }
        if (conditions[0] > MAX_CONDITIONS) {
            throw GqlException.invalid("an alert condition has at most " + MAX_CONDITIONS + " conditions, not "
                    + conditions[0]);
        }
        RulePredicate filter = all.isEmpty() ? null
                : all.size() == 1 ? all.get(0) : RulePredicate.newBuilder().setOp("and").setChildren(all).build();
        return new GqlAlertCondition(query.source().gqlName(), window.toSeconds(), filter, aggregation);
    }

    /** Whether the rule counts distinct users rather than records. */
    public boolean distinct() {
        return COUNT_DISTINCT.equals(aggregation);
    }

    /**
     * What an aggregation of the subset counts: records, or the distinct users of events; a distinct count of
     * another field or source is refused with its position.
     */
    private static String aggregation(GqlParser.AggregationContext aggregation, Source source) {
        GqlParser.FieldContext field;
        if (aggregation instanceof GqlParser.CountDistinctAggContext distinct) {
            field = distinct.field();
        } else if (aggregation instanceof GqlParser.CountDistinctCallAggContext distinct) {
            field = distinct.field();
        } else {
            return COUNT;
        }
        if (source != Source.EVENTS) {
            throw GqlException.invalid(start(aggregation), "an alert condition counts distinct users of events only:"
                    + " from:events with count_distinct(distinct_id)");
        }
        if (!USER_COLUMN.equals(GqlTables.EVENTS.field(field.getText()).columnName())) {
            throw GqlException.invalid(start(field), "an alert condition counts distinct users only:"
                    + " count_distinct(distinct_id), not of " + field.getText());
        }
        return COUNT_DISTINCT;
    }

    /** Refuses, with its position, a term outside the subset. */
    private static void check(GqlParser.TermContext term) {
        if (term instanceof GqlParser.FromTermContext from
                && Source.named(from.name.getText()).orElse(null) == Source.ALERT_EVENTS) {
            throw GqlException.invalid(from.name.getStartIndex(),
                    "an alert condition counts logs or events, not alert_events");
        }
        if (term instanceof GqlParser.SinceTermContext || term instanceof GqlParser.BetweenTermContext) {
            throw GqlException.invalid(start(term), "an alert condition's window slides: use 'last <duration>'");
        }
        if (term instanceof GqlParser.SortTermContext || term instanceof GqlParser.TopTermContext
                || term instanceof GqlParser.LimitTermContext) {
            throw GqlException.invalid(start(term), "an alert condition counts records: no sort, top or limit");
        }
        if (term instanceof GqlParser.AggregateTermContext aggregate) {
            GqlParser.AggregationContext aggregation = aggregate.aggregation();
            if (!(aggregation instanceof GqlParser.CountAggContext)
                    && !(aggregation instanceof GqlParser.CountCallAggContext)
                    && !(aggregation instanceof GqlParser.CountDistinctAggContext)
                    && !(aggregation instanceof GqlParser.CountDistinctCallAggContext)) {
                throw GqlException.invalid(start(aggregation), "an alert condition counts records or distinct users:"
                        + " use count or count_distinct(distinct_id) (sum, avg, min, max and percentiles are not"
                        + " evaluated as alerts)");
            }
            if (aggregate.BY() != null) {
                throw GqlException.invalid(aggregate.BY().getSymbol().getStartIndex(),
                        "an alert condition counts without groups: no 'by'");
            }
        }
    }

    private static RulePredicate predicate(Table table, Condition condition, int[] conditions) {
        if (condition instanceof And and) {
            return node("and", table, and.conditions(), conditions);
        }
        if (condition instanceof Or or) {
            return node("or", table, or.conditions(), conditions);
        }
        if (condition instanceof Not not) {
            return node("not", table, List.of(not.condition()), conditions);
        }
        conditions[0]++;
        if (condition instanceof Contains contains) {
            return leaf(table.field(contains.field()), "contains", false,
                    List.of(GqlCompiler.text(contains.value())));
        }
        if (condition instanceof In in) {
            return leaf(table.field(in.field()), "in", false, in.values().stream().map(GqlCompiler::text).toList());
        }
        Compare compare = (Compare) condition;
        Table.Field field = table.field(compare.field());
        boolean numeric = GqlCompiler.isNumeric(compare, field);
        String value = numeric ? ((GqlQuery.Number) GqlCompiler.numberOf(compare.value())).value().toPlainString()
                : GqlCompiler.text(compare.value());
        return leaf(field, compare.op().gqlName(), numeric, List.of(value));
    }

    private static RulePredicate node(String op, Table table, List<Condition> children, int[] conditions) {
        List<RulePredicate> compiled = new ArrayList<>();
        for (Condition child : children) {
            compiled.add(predicate(table, child, conditions));
        }
        return RulePredicate.newBuilder().setOp(op).setChildren(compiled).build();
    }

    private static RulePredicate leaf(Table.Field field, String op, boolean numeric, List<String> values) {
        return RulePredicate.newBuilder().setOp(op).setColumn(field.columnName()).setProperty(field.propertyKey())
                .setNumeric(numeric).setValues(values).build();
    }

    private static int start(ParserRuleContext context) {
        return context.getStart().getStartIndex();
    }

    private static String seconds(Duration duration) {
        long s = duration.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
