package dev.eventlane.query.gql;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

import dev.eventlane.query.gql.GqlQuery.Aggregation;
import dev.eventlane.query.gql.GqlQuery.And;
import dev.eventlane.query.gql.GqlQuery.Bool;
import dev.eventlane.query.gql.GqlQuery.Bucket;
import dev.eventlane.query.gql.GqlQuery.Compare;
import dev.eventlane.query.gql.GqlQuery.Condition;
import dev.eventlane.query.gql.GqlQuery.Contains;
import dev.eventlane.query.gql.GqlQuery.FieldGroup;
import dev.eventlane.query.gql.GqlQuery.Func;
import dev.eventlane.query.gql.GqlQuery.Group;
import dev.eventlane.query.gql.GqlQuery.In;
import dev.eventlane.query.gql.GqlQuery.Literal;
import dev.eventlane.query.gql.GqlQuery.Not;
import dev.eventlane.query.gql.GqlQuery.Op;
import dev.eventlane.query.gql.GqlQuery.Or;
import dev.eventlane.query.gql.GqlQuery.Sort;
import dev.eventlane.query.gql.GqlQuery.Source;
import dev.eventlane.query.gql.GqlQuery.Text;
import dev.eventlane.query.gql.GqlQuery.Window;

/** Reads GQL text into a {@link GqlQuery}: the ANTLR grammar {@code Gql.g4}, then the rules no grammar can say. */
public final class GqlSyntax {

    /** Longer queries are refused before parsing: the parser's work is bounded by the text. */
    public static final int MAX_LENGTH = 4096;
    static final int MAX_LIMIT = 1000;
    static final Duration MAX_BUCKETS_SPAN = Duration.ofDays(3660);

    private GqlSyntax() {
    }

    public static GqlQuery parse(String text) {
        return new Builder().build(tree(text));
    }

    /** The ANTLR parse tree of a query, for checks that need each term's position; syntax errors as in parse. */
    static GqlParser.QueryContext tree(String text) {
        if (text == null || text.isBlank()) {
            throw GqlException.syntax(0, "the query is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw GqlException.syntax(MAX_LENGTH, "the query is longer than " + MAX_LENGTH + " characters");
        }
        GqlLexer lexer = new GqlLexer(CharStreams.fromString(text));
        GqlParser parser = new GqlParser(new CommonTokenStream(lexer));
        FirstError errors = new FirstError();
        lexer.removeErrorListeners();
        parser.removeErrorListeners();
        lexer.addErrorListener(errors);
        parser.addErrorListener(errors);
        GqlParser.QueryContext tree = parser.query();
        if (errors.error != null) {
            throw errors.error;
        }
        return tree;
    }

    /** Keeps the first syntax error, with its character offset; ANTLR would otherwise recover and go on. */
    private static final class FirstError extends BaseErrorListener {
        GqlException error;

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column, String msg,
                RecognitionException e) {
            if (error == null) {
                int position = offending instanceof Token token && token.getStartIndex() >= 0
                        ? token.getStartIndex() : column;
                error = GqlException.syntax(position, msg.replace("<EOF>", "end of query"));
            }
        }
    }

    private static final class Builder {
        private Source source;
        private final List<Condition> filters = new ArrayList<>();
        private final List<String> texts = new ArrayList<>();
        private Window window;
        private Aggregation aggregation;
        private final List<Group> groups = new ArrayList<>();
        private Sort sort;
        private Integer limit;

        GqlQuery build(GqlParser.QueryContext tree) {
            for (GqlParser.StageContext stage : tree.stage()) {
                for (GqlParser.TermContext term : stage.term()) {
                    term(term);
                }
            }
            return new GqlQuery(source == null ? Source.LOGS : source, List.copyOf(filters), List.copyOf(texts),
                    Optional.ofNullable(window), Optional.ofNullable(aggregation), List.copyOf(groups),
                    Optional.ofNullable(sort), Optional.ofNullable(limit));
        }

        private void term(GqlParser.TermContext term) {
            new GqlBaseVisitor<Void>() {
                @Override
                public Void visitFromTerm(GqlParser.FromTermContext from) {
                    once(source, from, "from:");
                    source = Source.named(from.name.getText()).orElseThrow(() -> GqlException.invalid(
                            start(from.name), "unknown source '" + from.name.getText()
                                    + "': use logs, events or alert_events"));
                    return null;
                }

                @Override
                public Void visitLastTerm(GqlParser.LastTermContext last) {
                    once(window, last, "time window");
                    window = new Window(Optional.of(duration(last.DURATION().getSymbol())), Optional.empty(),
                            Optional.empty(), "last " + last.DURATION().getText().toLowerCase(Locale.ROOT));
                    return null;
                }

                @Override
                public Void visitSinceTerm(GqlParser.SinceTermContext since) {
                    once(window, since, "time window");
                    Instant from = time(since.time());
                    window = new Window(Optional.empty(), Optional.of(from), Optional.empty(), "since " + from);
                    return null;
                }

                @Override
                public Void visitBetweenTerm(GqlParser.BetweenTermContext between) {
                    once(window, between, "time window");
                    Instant from = time(between.time(0));
                    Instant to = time(between.time(1));
                    if (!from.isBefore(to)) {
                        throw GqlException.invalid(start(between), "between: the start must be before the end");
                    }
                    window = new Window(Optional.empty(), Optional.of(from), Optional.of(to),
                            "between " + from + " and " + to);
                    return null;
                }

                @Override
                public Void visitWhereTerm(GqlParser.WhereTermContext where) {
                    filters.add(expr(where.expr()));
                    return null;
                }

                @Override
                public Void visitAggregateTerm(GqlParser.AggregateTermContext aggregate) {
                    once(aggregation, aggregate, "aggregation");
                    aggregation = aggregation(aggregate.aggregation());
                    for (GqlParser.GroupItemContext item : aggregate.groupItem()) {
                        groups.add(group(item));
                    }
                    return null;
                }

                @Override
                public Void visitSortTerm(GqlParser.SortTermContext sortTerm) {
                    once(sort, sortTerm, "sort");
                    GqlParser.SortKeyContext key = sortTerm.sortKey();
                    Optional<String> field = key.field() == null ? Optional.empty()
                            : Optional.of(field(key.field()));
                    boolean descending = sortTerm.direction == null
                            || sortTerm.direction.getType() == GqlParser.DESC;
                    sort = new Sort(field, descending);
                    return null;
                }

                @Override
                public Void visitTopTerm(GqlParser.TopTermContext top) {
                    once(limit, top, "top/limit");
                    limit = count(top.INT().getSymbol());
                    if (sort == null) {
                        sort = new Sort(Optional.empty(), true);
                    }
                    return null;
                }

                @Override
                public Void visitLimitTerm(GqlParser.LimitTermContext limitTerm) {
                    once(limit, limitTerm, "top/limit");
                    limit = count(limitTerm.INT().getSymbol());
                    return null;
                }

                @Override
                public Void visitFieldTerm(GqlParser.FieldTermContext field) {
                    Condition condition = new Compare(field(field.field()), Op.EQ, literal(field.value()));
                    filters.add(field.NOT() == null ? condition : new Not(condition));
                    return null;
                }

                @Override
                public Void visitTextTerm(GqlParser.TextTermContext textTerm) {
                    texts.add(unquote(textTerm.STRING().getText()));
                    return null;
                }
            }.visit(term);
        }

        private static void once(Object seen, ParserRuleContext at, String what) {
            if (seen != null) {
                throw GqlException.invalid(start(at), "only one " + what + " per query");
            }
        }

        private static Aggregation aggregation(GqlParser.AggregationContext context) {
            return new GqlBaseVisitor<Aggregation>() {
                @Override
                public Aggregation visitCountAgg(GqlParser.CountAggContext c) {
                    return new Aggregation(Func.COUNT, Optional.empty(), Optional.empty());
                }

                @Override
                public Aggregation visitCountCallAgg(GqlParser.CountCallAggContext c) {
                    return new Aggregation(Func.COUNT, Optional.empty(), Optional.empty());
                }

                @Override
                public Aggregation visitCountDistinctAgg(GqlParser.CountDistinctAggContext c) {
                    return new Aggregation(Func.COUNT_DISTINCT, Optional.of(field(c.field())), Optional.empty());
                }

                @Override
                public Aggregation visitCountDistinctCallAgg(GqlParser.CountDistinctCallAggContext c) {
                    return new Aggregation(Func.COUNT_DISTINCT, Optional.of(field(c.field())), Optional.empty());
                }

                @Override
                public Aggregation visitNumericAgg(GqlParser.NumericAggContext c) {
                    Func func = switch (c.func.getType()) {
                        case GqlParser.SUM -> Func.SUM;
                        case GqlParser.AVG -> Func.AVG;
                        case GqlParser.MIN -> Func.MIN;
                        default -> Func.MAX;
                    };
                    return new Aggregation(func, Optional.of(field(c.field())), Optional.empty());
                }

                @Override
                public Aggregation visitPercentileAgg(GqlParser.PercentileAggContext c) {
                    int p = count(c.INT().getSymbol());
                    if (p > 99) {
                        throw GqlException.invalid(start(c), "percentile must be between 1 and 99");
                    }
                    return new Aggregation(Func.PERCENTILE, Optional.of(field(c.field())), Optional.of(p));
                }

                @Override
                public Aggregation visitPctAgg(GqlParser.PctAggContext c) {
                    return new Aggregation(Func.PERCENTILE, Optional.of(field(c.field())),
                            Optional.of(Integer.parseInt(c.PCT().getText().substring(1))));
                }
            }.visit(context);
        }

        private static Group group(GqlParser.GroupItemContext item) {
            if (item instanceof GqlParser.BucketGroupContext bucket) {
                Duration length = duration(bucket.DURATION().getSymbol());
                if (length.compareTo(Duration.ofMinutes(1)) < 0) {
                    throw GqlException.invalid(start(bucket), "a time bucket is at least 1m");
                }
                return new Bucket(length, bucket.DURATION().getText().toLowerCase(Locale.ROOT));
            }
            return new FieldGroup(field(((GqlParser.FieldGroupContext) item).field()));
        }

        private static Condition expr(GqlParser.ExprContext context) {
            return new GqlBaseVisitor<Condition>() {
                @Override
                public Condition visitParenExpr(GqlParser.ParenExprContext c) {
                    return visit(c.expr());
                }

                @Override
                public Condition visitNotExpr(GqlParser.NotExprContext c) {
                    return new Not(visit(c.expr()));
                }

                @Override
                public Condition visitAndExpr(GqlParser.AndExprContext c) {
                    return new And(List.of(visit(c.expr(0)), visit(c.expr(1))));
                }

                @Override
                public Condition visitOrExpr(GqlParser.OrExprContext c) {
                    return new Or(List.of(visit(c.expr(0)), visit(c.expr(1))));
                }

                @Override
                public Condition visitCompareExpr(GqlParser.CompareExprContext c) {
                    Op op = switch (c.op.getType()) {
                        case GqlParser.EQ -> Op.EQ;
                        case GqlParser.NEQ -> Op.NEQ;
                        case GqlParser.GT -> Op.GT;
                        case GqlParser.GTE -> Op.GTE;
                        case GqlParser.LT -> Op.LT;
                        default -> Op.LTE;
                    };
                    return new Compare(field(c.field()), op, literal(c.value()));
                }

                @Override
                public Condition visitContainsExpr(GqlParser.ContainsExprContext c) {
                    Condition contains = new Contains(field(c.field()), literal(c.value()));
                    return c.NOT() == null ? contains : new Not(contains);
                }

                @Override
                public Condition visitInExpr(GqlParser.InExprContext c) {
                    if (c.value().size() > 100) {
                        throw GqlException.invalid(start(c), "at most 100 values in an 'in' list");
                    }
                    Condition in = new In(field(c.field()), c.value().stream().map(Builder::literal).toList());
                    return c.NOT() == null ? in : new Not(in);
                }
            }.visit(context);
        }

        private static Literal literal(GqlParser.ValueContext value) {
            if (value instanceof GqlParser.StringValueContext s) {
                return new Text(unquote(s.STRING().getText()));
            }
            if (value instanceof GqlParser.NumberValueContext n) {
                return new GqlQuery.Number(new BigDecimal(n.NUMBER().getText()));
            }
            if (value instanceof GqlParser.IntValueContext n) {
                return new GqlQuery.Number(new BigDecimal(n.INT().getText()));
            }
            if (value instanceof GqlParser.BoolValueContext b) {
                return new Bool(b.TRUE() != null);
            }
            return new Text(value.getText());
        }

        private static String field(GqlParser.FieldContext field) {
            return field.getText();
        }

        private static int count(Token token) {
            int n;
            try {
                n = Integer.parseInt(token.getText());
            } catch (NumberFormatException e) {
                n = Integer.MAX_VALUE;
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw GqlException.invalid(token.getStartIndex(), "a count must be between 1 and " + MAX_LIMIT);
            }
            return n;
        }

        static Duration duration(Token token) {
            String text = token.getText().toLowerCase(Locale.ROOT);
            long n;
            try {
                n = Long.parseLong(text.substring(0, text.length() - 1));
            } catch (NumberFormatException e) {
                throw GqlException.invalid(token.getStartIndex(), "the duration " + text + " is too long");
            }
            Duration unit = switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(1);
                case 'm' -> Duration.ofMinutes(1);
                case 'h' -> Duration.ofHours(1);
                case 'd' -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            if (n < 1 || n > MAX_BUCKETS_SPAN.dividedBy(unit)) {
                throw GqlException.invalid(token.getStartIndex(), "the duration " + text
                        + " must be positive and at most 10 years");
            }
            return unit.multipliedBy(n);
        }

        private static Instant time(GqlParser.TimeContext time) {
            String text = time.STRING() != null ? unquote(time.STRING().getText()) : time.getText();
            try {
                if (text.length() == 10) {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                    return OffsetDateTime.parse(text).toInstant();
                }
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw GqlException.invalid(start(time), "'" + text
                        + "' is not an ISO 8601 time (2026-12-01 or 2026-12-01T10:00:00Z)");
            }
        }

        private static int start(ParserRuleContext context) {
            return context.getStart().getStartIndex();
        }

        private static int start(Token token) {
            return token.getStartIndex();
        }

        /** The text of a quoted literal: the quotes off, backslash escapes resolved. */
        static String unquote(String quoted) {
            StringBuilder out = new StringBuilder(quoted.length());
            for (int i = 1; i < quoted.length() - 1; i++) {
                char c = quoted.charAt(i);
                if (c == '\\' && i + 1 < quoted.length() - 1) {
                    char next = quoted.charAt(++i);
                    out.append(switch (next) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> next;
                    });
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
