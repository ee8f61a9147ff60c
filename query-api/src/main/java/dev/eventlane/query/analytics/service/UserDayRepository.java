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
 * The days each user of a project was active ({@code user_days}: one row per project, user and UTC day, counted with
 * {@code uniqExact} all the same, so a repeated row changes nothing): daily active users and retention cohorts.
 */
@ApplicationScoped
public class UserDayRepository {

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
        for (String[] row : clickhouse.select("SELECT day, uniqExact(user_id) FROM user_days"
                + Where.project(projectId).days("day", days.from(), days.to()) + " GROUP BY day")) {
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
        List<String[]> rows = clickhouse.select("SELECT cohort, period, uniqExact(user_id) FROM ("
                + "SELECT user_id, " + interval.periodSql("day") + " AS period FROM user_days"
                + Where.project(projectId).days("day", cohorts.from(), activityEnd)
                + ") ALL INNER JOIN ("
                + "SELECT user_id, " + interval.periodSql("min(day)") + " AS cohort FROM user_days"
                + Where.project(projectId) + " GROUP BY user_id HAVING min(day) >= " + Where.date(cohorts.from())
                + " AND min(day) < " + Where.date(cohorts.to())
                + ") USING user_id WHERE period < cohort + " + spanDays + " GROUP BY cohort, period");
        for (String[] row : rows) {
            LocalDate cohort = LocalDate.parse(row[0]);
            int k = interval.periodsBetween(cohort, LocalDate.parse(row[1]));
            retained.computeIfAbsent(cohort, c -> new long[periods])[k] = Long.parseLong(row[2]);
        }
        return retained;
    }
}
