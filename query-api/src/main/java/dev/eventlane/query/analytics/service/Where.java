package dev.eventlane.query.analytics.service;

import java.time.LocalDate;
import java.util.Collection;
import java.util.stream.Collectors;

import dev.eventlane.platform.clickhouse.Sql;

/**
 * A {@code WHERE} clause that always starts with the project: every statement of the query API is confined to the
 * key's project. Values reach SQL only through {@link Sql#quote} or as numbers; column names are the callers'
 * constants. Absent (null) values add no condition.
 */
public final class Where {

    private final StringBuilder sql;

    private Where(String projectId) {
        this.sql = new StringBuilder(" WHERE project_id = ").append(Sql.quote(projectId));
    }

    public static Where project(String projectId) {
        return new Where(projectId);
    }

    public Where equal(String column, String value) {
        return value == null ? this : and(column + " = " + Sql.quote(value));
    }

    /** {@code values} must not be empty. */
    Where in(String column, Collection<String> values) {
        return and(column + " IN (" + values.stream().map(Sql::quote).collect(Collectors.joining(", ")) + ")");
    }

    Where atLeast(String column, Long value) {
        return value == null ? this : and(column + " >= " + value);
    }

    Where atMost(String column, Long value) {
        return value == null ? this : and(column + " <= " + value);
    }

    Where below(String column, Long value) {
        return value == null ? this : and(column + " < " + value);
    }

    /** {@code from <= column < to} on a {@code Date} column. */
    Where days(String column, LocalDate from, LocalDate to) {
        return and(column + " >= " + date(from) + " AND " + column + " < " + date(to));
    }

    /** A condition built by the caller from constants and validated numbers only. */
    Where and(String condition) {
        sql.append(" AND ").append(condition);
        return this;
    }

    /** A {@code Date} literal (ISO form of a validated date, so nothing to escape beyond the quoting). */
    static String date(LocalDate day) {
        return "toDate(" + Sql.quote(day.toString()) + ")";
    }

    @Override
    public String toString() {
        return sql.toString();
    }
}
