package dev.eventlane.query.web.service;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.eventlane.query.analytics.service.ApiException;

/**
 * The time window of a web analytics request: {@code [from, to)} in epoch milliseconds, its chip, its bucket (an
 * hour for ranges up to a day, a UTC day otherwise) and the previous period (the same length right before).
 */
public record WebRange(String chip, long from, long to, Bucket bucket) {

    /** Bucket sizes; buckets start at multiples of their size from the epoch, that is on UTC hours and days. */
    public enum Bucket {
        HOUR(3_600_000L), DAY(86_400_000L);

        public final long millis;

        Bucket(long millis) {
            this.millis = millis;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final String DEFAULT_CHIP = "24h";
    /** Three and twelve months are 90 and 365 days. */
    private static final Map<String, Duration> CHIPS = Map.of("1h", Duration.ofHours(1), "24h", Duration.ofHours(24),
            "7d", Duration.ofDays(7), "30d", Duration.ofDays(30), "3m", Duration.ofDays(90),
            "12m", Duration.ofDays(365));
    /** Buckets of one answer at most: daily over 100 years. */
    private static final long MAX_BUCKETS = 36_600;

    /**
     * {@code from}/{@code to} when both are valid ISO instants with {@code from} before {@code to}; otherwise the
     * chip ({@code range}, 24h when absent). An unknown chip is a 400.
     *
     * @param firstEvent the project's first web event (epoch ms), for {@code all}; null when it has none
     */
    public static WebRange parse(String range, String from, String to, Instant now, Long firstEvent) {
        Long start = instant(from);
        Long end = instant(to);
        if (start != null && end != null && start < end) {
            Bucket bucket = end - start <= Bucket.DAY.millis ? Bucket.HOUR : Bucket.DAY;
            return checked(new WebRange("custom", start, end, bucket));
        }
        String chip = range == null || range.isBlank() ? DEFAULT_CHIP : range.strip();
        long nowMs = now.toEpochMilli();
        if (chip.equals("all")) {
            if (firstEvent == null) {
                return new WebRange(chip, nowMs - Bucket.DAY.millis, nowMs, Bucket.DAY);
            }
            long first = Math.min(firstEvent, nowMs - 1);
            return new WebRange(chip, first - Math.floorMod(first, Bucket.DAY.millis), nowMs, Bucket.DAY);
        }
        Duration length = CHIPS.get(chip);
        if (length == null) {
            throw ApiException.badParameter("range must be one of 1h, 24h, 7d, 30d, 3m, 12m, all");
        }
        Bucket bucket = length.compareTo(Duration.ofHours(24)) <= 0 ? Bucket.HOUR : Bucket.DAY;
        return new WebRange(chip, nowMs - length.toMillis(), nowMs, bucket);
    }

    private static WebRange checked(WebRange range) {
        if (range.bucketStarts().size() > MAX_BUCKETS) {
            throw ApiException.badParameter("from and to span more than " + MAX_BUCKETS + " days");
        }
        return range;
    }

    private static Long instant(String text) {
        if (text == null || text.isBlank() || text.length() > 40) {
            return null;
        }
        try {
            return Instant.parse(text.strip()).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    public long length() {
        return to - from;
    }

    /** The previous period: the same length, ending at {@link #from}. */
    public WebRange previous() {
        return new WebRange(chip, from - length(), from, bucket);
    }

    /** The start of the bucket holding {@code ms}. */
    public long bucketOf(long ms) {
        return ms - Math.floorMod(ms, bucket.millis);
    }

    /** Every bucket start from the one holding {@code from} to the one holding the last millisecond before to. */
    public List<Long> bucketStarts() {
        List<Long> starts = new ArrayList<>();
        for (long b = bucketOf(from); b < to && starts.size() <= MAX_BUCKETS; b += bucket.millis) {
            starts.add(b);
        }
        return starts;
    }

    /** SQL: the bucket start of an event's {@code ts_ms} shifted by {@code shift} ms (timezone-free arithmetic). */
    String bucketSql(long shift) {
        String ts = shift == 0 ? "ts_ms" : "(ts_ms + " + shift + ")";
        return "intDiv(" + ts + ", " + bucket.millis + ") * " + bucket.millis;
    }

    /** SQL: {@code ts_ms} in this range. */
    String inRangeSql() {
        return "ts_ms >= " + from + " AND ts_ms < " + to;
    }
}
