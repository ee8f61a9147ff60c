package dev.eventlane.query.analytics.service;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventlane.platform.clickhouse.ClickHouseClient;

/**
 * The days each user of a project was active ({@code user_days}: one row per project, user and UTC day): daily active
 * users and retention cohorts. Both read {@code user_activity}, the same days as one set per user: a hundred thousand
 * rows where {@code user_days} holds one per user and day, and a set counts a repeated day once.
 */
@ApplicationScoped
public class UserDayRepository {

    /**
     * Each user's set of active days ({@code user_activity}, filled from {@code user_days} by a view), merged over the
     * rows not merged yet, with {@code GROUP BY user_id}.
     */
    private static final String DAY_SET = "groupUniqArrayMerge(days) AS active_days";

    private final ClickHouseClient clickhouse;

    public UserDayRepository(ClickHouseClient clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** The project's first active day; empty when it has none. */
    public Optional<LocalDate> firstActiveDay(String projectId) {
        String[] row = clickhouse.select("SELECT min(day), count() FROM user_days" + Where.project(projectId)).get(0);
        return "0".equals(row[1]) ? Optional.empty() : Optional.of(LocalDate.parse(row[0]));
    }

    /** Distinct active users per day of the range; days without any are absent. */
    public Map<LocalDate, Long> activeUsers(String projectId, TimeRange.Days days) {
        Map<LocalDate, Long> users = new HashMap<>();
        if (days.isEmpty()) {
            return users;
        }
        // A user's days are a set: the user counts once on each.
        for (String[] row : clickhouse.select("SELECT day, count() FROM (SELECT " + DAY_SET + " FROM user_activity"
                + Where.project(projectId) + " GROUP BY user_id) ARRAY JOIN active_days AS day"
                + " WHERE day >= " + Where.date(days.from()) + " AND day < " + Where.date(days.to())
                + " GROUP BY day")) {
            users.put(LocalDate.parse(row[0]), Long.parseLong(row[1]));
        }
        return users;
    }

    /**
     * Users of each cohort active in each period: the cohorts are the users whose first active day ever (not just
     * in range) lies in {@code cohorts}, grouped by the period of that day; {@code result.get(cohort)[k]} counts the
     * cohort's users active in period cohort + k, k &lt; {@code periods}. Cohorts oldest first.
     */
    public TreeMap<LocalDate, long[]> retention(String projectId, RetentionInterval interval, TimeRange.Days cohorts,
            int periods) {
        TreeMap<LocalDate, long[]> retained = new TreeMap<>();
        if (cohorts.isEmpty()) {
            return retained;
        }
        LocalDate lastCohort = interval.periodOf(cohorts.to().minusDays(1));
        LocalDate activityEnd = TimeRange.clamp(interval.plus(lastCohort, periods));
        int spanDays = interval.days() * periods;
        // Per user of the cohorts, the distinct periods of the user's days of the activity range within the span:
        // each is one user of (cohort, period).
        String active = "arrayFilter(d -> d < " + Where.date(activityEnd) + ", active_days)";
        String userPeriods = interval == RetentionInterval.DAY ? active
                : "arrayReduce('groupUniqArray', arrayMap(d -> " + interval.periodSql("d") + ", " + active + "))";
        List<String[]> rows = clickhouse.select("SELECT cohort, period, count() FROM ("
                + "SELECT " + interval.periodSql("first") + " AS cohort, arrayFilter(p -> p < cohort + " + spanDays
                + ", " + userPeriods + ") AS periods FROM ("
                + "SELECT " + DAY_SET + ", arrayReduce('min', active_days) AS first FROM user_activity"
                + Where.project(projectId)
                + " GROUP BY user_id HAVING first >= " + Where.date(cohorts.from()) + " AND first < "
                + Where.date(cohorts.to())
                + ")) ARRAY JOIN periods AS period GROUP BY cohort, period");
        for (String[] row : rows) {
            LocalDate cohort = LocalDate.parse(row[0]);
            int k = interval.periodsBetween(cohort, LocalDate.parse(row[1]));
            retained.computeIfAbsent(cohort, c -> new long[periods])[k] = Long.parseLong(row[2]);
        }
        return retained;
    }
}
