package dev.eventlane.query.analytics.service;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The {@code from} / {@code to} / {@code range} parameters of the analytics endpoints (docs/analytics.md, "Ranges"),
 * resolved either as instants ({@code /sessions}, {@code /funnel}) or as UTC days ({@code /dau}, {@code /revenue},
 * {@code /retention}). Absent parameters default to the last 30 days; a missing {@code to} means "up to now"
 * (instants) or "through today" (days); a missing {@code from} next to a {@code to} leaves the start open.
 */
public final class TimeRange {

    private static final String RANGES = "1h, 24h, 7d, 30d, 3m, 12m or all";
    private static final String DEFAULT_RANGE = "30d";
    private static final String ALL = "all";
    /** The relative ranges: a number of hours or days; months are calendar months. */
    private static final Map<String, Duration> SPANS = Map.of("1h", Duration.ofHours(1), "24h", Duration.ofHours(24),
            "7d", Duration.ofDays(7), "30d", Duration.ofDays(30));
    private static final Map<String, Integer> MONTHS = Map.of("3m", 3, "12m", 12);
    /** Days outside ClickHouse's {@code Date} (and before any event, which ingest refuses before 1970) hold nothing. */
    static final LocalDate FIRST_DAY = LocalDate.EPOCH;
    static final LocalDate END_OF_DAYS = LocalDate.of(2106, 1, 1);

    private final Long fromMs;
    private final Long toMs;
    private final String range;

    private TimeRange(Long fromMs, Long toMs, String range) {
        this.fromMs = fromMs;
        this.toMs = toMs;
        this.range = range;
    }

    /** [fromMs, toMs) in epoch millis; {@code fromMs} null when the start is open. */
    public record Instants(Long fromMs, long toMs) {
    }

    /** The UTC days [from, to); empty when {@code from} is not before {@code to}. */
    public record Days(LocalDate from, LocalDate to) {

        public boolean isEmpty() {
            return !from.isBefore(to);
        }

        /** Every day of the range, oldest first. */
        public Stream<LocalDate> stream() {
            return isEmpty() ? Stream.empty() : from.datesUntil(to);
        }

        public long fromMs() {
            return from.toEpochDay() * Duration.ofDays(1).toMillis();
        }

        public long toMs() {
            return to.toEpochDay() * Duration.ofDays(1).toMillis();
        }
    }

    /** Validates the parameters; 400 {@code invalid_parameter} naming the one at fault. */
    public static TimeRange parse(String from, String to, String range) {
        Long fromMs = instant("from", from);
        Long toMs = instant("to", to);
        String relative = range == null || range.isBlank() ? null : range.strip();
        if (relative != null && (fromMs != null || toMs != null)) {
            throw ApiException.badParameter("range cannot be combined with from or to");
        }
        if (relative != null && !relative.equals(ALL) && !SPANS.containsKey(relative)
                && !MONTHS.containsKey(relative)) {
            throw ApiException.badParameter("range must be one of " + RANGES);
        }
        if (fromMs != null && toMs != null && fromMs > toMs) {
            throw ApiException.badParameter("from must not be after to");
        }
        if (relative == null && fromMs == null && toMs == null) {
            relative = DEFAULT_RANGE;
        }
        return new TimeRange(fromMs, toMs, relative);
    }

    /** The range as instants: relative ranges end now ({@code 7d} is the 7 × 24 h up to now). */
    public Instants instants(Instant now) {
        long nowMs = now.toEpochMilli();
        if (range == null) {
            return new Instants(fromMs, toMs != null ? toMs : nowMs);
        }
        if (range.equals(ALL)) {
            return new Instants(null, nowMs);
        }
        Duration span = SPANS.get(range);
        long start = span != null ? now.minus(span).toEpochMilli()
                : now.atOffset(ZoneOffset.UTC).minusMonths(MONTHS.get(range)).toInstant().toEpochMilli();
        return new Instants(start, nowMs);
    }

    /**
     * The range as whole UTC days: {@code from} and {@code to} are truncated to their day, a missing {@code to} ends
     * after today, relative ranges are the days ending today ({@code 7d}: today and the 6 days before; {@code 3m}:
     * the days after the same date 3 months ago), and {@code all} (or a missing {@code from}) starts on the
     * project's first active day.
     *
     * @param firstActiveDay the project's first active day, empty when it has none; asked only when needed
     */
    public Days days(Instant now, Supplier<Optional<LocalDate>> firstActiveDay) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate end = toMs != null ? day(toMs) : today.plusDays(1);
        LocalDate start;
        if (range == null) {
            start = fromMs != null ? day(fromMs) : firstActiveDay.get().orElse(end);
        } else if (range.equals(ALL)) {
            start = firstActiveDay.get().orElse(end);
        } else if (MONTHS.containsKey(range)) {
            start = today.minusMonths(MONTHS.get(range)).plusDays(1);
        } else {
            long days = Math.max(1, SPANS.get(range).toDays());
            start = today.minusDays(days - 1);
        }
        return new Days(clamp(start), clamp(end));
    }

    /** ISO 8601 date-time (with offset; UTC when absent) or a plain date (its UTC midnight), as epoch millis. */
    public static Long instant(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            return OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException notOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeException | ArithmeticException notLocal) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                } catch (DateTimeException | ArithmeticException e) {
                    throw ApiException.badParameter(name + " must be an ISO 8601 date or date-time");
                }
            }
        }
    }

    private static LocalDate day(long epochMs) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochMs, Duration.ofDays(1).toMillis()));
    }

    static LocalDate clamp(LocalDate day) {
        return day.isBefore(FIRST_DAY) ? FIRST_DAY : day.isAfter(END_OF_DAYS) ? END_OF_DAYS : day;
    }
}
