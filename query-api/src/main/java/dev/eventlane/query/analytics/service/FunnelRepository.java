package dev.eventlane.query.analytics.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventlane.platform.analytics.StepOrder;
import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;

/**
 * Funnels of one project: the step catalog ({@code funnel_steps}) and the users reaching each step, computed exactly
 * from the funnel's events ({@code funnel_events}) in one query, or read from the levels the analytics stage keeps
 * when those are exact for the request.
 */
@ApplicationScoped
public class FunnelRepository {

    /**
     * Event times are packed with the step index (at most {@link StepOrder#MAX_STEPS} &lt; 64) as
     * {@code (ts_ms + OFFSET) * 64 + step}: non-negative, so integer division and remainder are exact, and sortable by
     * (time, step) as one Int64 while times stay within ±OFFSET ms (±2.28 million years); ranges are clamped to that.
     */
    static final long OFFSET = 1L << 56;
    /** Steps computed in one SELECT (see {@link #levelsSql}). */
    private static final int STEPS_PER_SELECT = 5;
    /** The sorted packed events, and n1 = -(time) of the step-1 events, 1 elsewhere. */
    private static final String FIRST_STEP = "arraySort(groupArray(toInt64(ts_ms + %d) * 64"
            + " + transform(name, [%s], [%s], 0))) AS ev,"
            + " arrayMap(x -> if(x %% 64 = 1, -intDiv(x, 64), 1), ev) AS n1, ";
    /**
     * n(j) from n(j-1): u = arrayCumSumNonNegative(arrayDifference(n(j-1))) is, at every event, the running maximum
     * of S(j-1) minus S(j-1) there (S = -n, -1 where there is none). At a step-j event S(j-1) is -1, so u - 1 is the
     * largest S(j-1) before it, or -1 (u = 0) when there is none.
     */
    private static final String NEXT_STEP = "arrayMap((x, u) -> if(x %% 64 = %2$d AND u >= 1"
            + " AND intDiv(x, 64) - (u - 1) <= %3$d, 1 - u, 1), ev, arrayCumSumNonNegative(arrayDifference(n%1$d)))"
            + " AS n%2$d, ";
    /** Step j reached: some event has an S(j). */
    private static final String REACHED = "arrayExists(v -> v <= 0, n%d)";

    private final ClickHouseClient clickhouse;

    public FunnelRepository(ClickHouseClient clickhouse) {
        this.clickhouse = clickhouse;
    }

    /**
     * Every funnel's steps, funnels by name: its actions by their earliest event time (ties by name), at most
     * {@link StepOrder#MAX_STEPS}.
     */
    public Map<String, List<String>> catalog(String projectId) {
        return catalog(Where.project(projectId));
    }

    /** The steps of one funnel; empty when the project has no such funnel. */
    public List<String> steps(String projectId, String funnel) {
        return catalog(Where.project(projectId).equal("funnel", funnel)).getOrDefault(funnel, List.of());
    }

    private Map<String, List<String>> catalog(Where where) {
        Map<String, List<String>> funnels = new LinkedHashMap<>();
        for (String[] row : clickhouse.select("SELECT funnel, action, min(first_ms) AS first FROM funnel_steps" + where
                + " GROUP BY funnel, action ORDER BY funnel, first, action LIMIT " + StepOrder.MAX_STEPS
                + " BY funnel")) {
            funnels.computeIfAbsent(row[0], funnel -> new ArrayList<>()).add(row[1]);
        }
        return funnels;
    }

    /**
     * How many users reach each step, from the overall levels the analytics stage keeps ({@code funnel_user_levels}),
     * when they give exactly what {@link #usersReaching} would: every user's level was computed with this window and
     * step order, and the range holds every event of every user of the funnel. Empty otherwise (also when the funnel
     * has no levels yet).
     */
    public Optional<long[]> usersReachingFromLevels(String projectId, String funnel, List<String> steps,
            TimeRange.Instants range, long windowMs) {
        long[] users = new long[steps.size()];
        long mismatched = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        List<String[]> rows = clickhouse.select("SELECT level, count(), sum(steps != "
                + Sql.quote(StepOrder.fingerprint(steps)) + " OR window_ms != " + windowMs
                + "), min(first_ms), max(last_ms) FROM funnel_user_levels FINAL"
                + Where.project(projectId).equal("funnel", funnel) + " GROUP BY level");
        for (String[] row : rows) {
            int level = Math.min(Integer.parseInt(row[0]), steps.size());
            long count = Long.parseLong(row[1]);
            for (int step = 0; step < level; step++) {
                users[step] += count;
            }
            mismatched += Long.parseLong(row[2]);
            first = Math.min(first, Long.parseLong(row[3]));
            last = Math.max(last, Long.parseLong(row[4]));
        }
        boolean exact = !rows.isEmpty() && mismatched == 0 && (range.fromMs() == null || range.fromMs() <= first)
                && last < range.toMs();
        return exact ? Optional.of(users) : Optional.empty();
    }

    /**
     * How many users reach each step: element {@code i} counts the users whose level (docs/analytics.md, "/funnel") is
     * at least {@code i + 1}, from the events of [range) only.
     */
    public long[] usersReaching(String projectId, String funnel, List<String> steps, TimeRange.Instants range,
            long windowMs) {
        long from = Math.max(range.fromMs() == null ? -OFFSET : range.fromMs(), -OFFSET);
        long to = Math.min(range.toMs(), OFFSET);
        long[] users = new long[steps.size()];
        if (from >= to) {
            return users;
        }
        String where = Where.project(projectId).equal("funnel", funnel).atLeast("ts_ms", from).below("ts_ms", to)
                .in("name", steps).toString();
        for (String[] row : clickhouse.select(levelsSql(steps, windowMs, where))) {
            int level = Integer.parseInt(row[0]);
            long count = Long.parseLong(row[1]);
            for (int step = 0; step < level; step++) {
                users[step] += count;
            }
        }
        return users;
    }

    /**
     * Users per level, one row per level. Per user, the funnel events sorted by (time, step) give S_j(i), the latest
     * start (step-1 time) of a chain of steps 1..j ending at event i: t(i) for a step-1 event; for a step-j event,
     * the largest S_{j-1} of the events before it, if t(i) minus that is within the window. The level is the number
     * of steps j with any S_j.
     *
     * <p>Each step's array is n = -S (1 where there is none). "The largest S_{j-1} before i" is a running maximum,
     * computed by {@code arrayCumSumNonNegative} rather than by lambdas that capture an array (those copy it per
     * element: quadratic in a user's events). Times are offset so that every S is at least 0 and can never be taken
     * for a marker. Every {@value #STEPS_PER_SELECT} steps a subquery takes over, since ClickHouse expands aliases: in
     * one SELECT each step's expression would repeat all earlier ones, and 18.16 takes seconds to analyse 50 steps.
     */
    private static String levelsSql(List<String> steps, long windowMs, String where) {
        int count = steps.size();
        String actions = steps.stream().map(Sql::quote).collect(Collectors.joining(", "));
        String indexes = IntStream.rangeClosed(1, count).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String sql = "";
        for (int first = 1; first <= count; first += STEPS_PER_SELECT) {
            int last = Math.min(first + STEPS_PER_SELECT - 1, count);
            StringBuilder select = new StringBuilder("SELECT ")
                    .append(first == 1 ? FIRST_STEP.formatted(OFFSET, actions, indexes) : "ev, ");
            for (int step = Math.max(first, 2); step <= last; step++) {
                select.append(NEXT_STEP.formatted(step - 1, step, windowMs));
            }
            select.append(first == 1 ? "" : "l" + (first - 1) + " + ")
                    .append(IntStream.rangeClosed(first, last).mapToObj(REACHED::formatted)
                            .collect(Collectors.joining(" + ")))
                    .append(" AS l").append(last)
                    .append(first == 1 ? " FROM funnel_events" + where + " GROUP BY user_id" : " FROM (" + sql + ")");
            sql = select.toString();
        }
        return "SELECT l" + count + ", count() FROM (" + sql + ") GROUP BY l" + count;
    }
}
