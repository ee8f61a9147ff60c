package dev.eventlane.query.analytics.service;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;

/** The periods of {@code GET /retention}: UTC days, or ISO weeks labelled by their Monday. */
public enum RetentionInterval {

    DAY(1, 14),
    WEEK(7, 8);

    private final int days;
    private final int defaultPeriods;

    RetentionInterval(int days, int defaultPeriods) {
        this.days = days;
        this.defaultPeriods = defaultPeriods;
    }

    /** {@code day} or {@code week}; {@code day} when absent. */
    public static RetentionInterval parse(String text) {
        if (text == null || text.isBlank()) {
            return DAY;
        }
        return Arrays.stream(values()).filter(interval -> interval.label().equals(text.strip())).findFirst()
                .orElseThrow(() -> ApiException.badParameter("interval must be day or week"));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int days() {
        return days;
    }

    public int defaultPeriods() {
        return defaultPeriods;
    }

    /** The first day of the period holding {@code day}. */
    public LocalDate periodOf(LocalDate day) {
        return this == DAY ? day : day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The start of the period {@code count} periods after the one starting on {@code start}. */
    public LocalDate plus(LocalDate start, int count) {
        return start.plusDays((long) days * count);
    }

    int periodsBetween(LocalDate start, LocalDate later) {
        return (int) (ChronoUnit.DAYS.between(start, later) / days);
    }

    /** The same in SQL on a {@code Date} expression ({@code toMonday} is timezone-free on a Date). */
    String periodSql(String dateExpression) {
        return this == DAY ? dateExpression : "toMonday(" + dateExpression + ")";
    }
}
