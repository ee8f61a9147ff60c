package dev.eventlane.ingest.service;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Client-supplied event times, the same on every surface: ISO 8601 with an offset or {@code Z} (a date-time without
 * a zone is UTC) or epoch milliseconds; server time when absent; not before 1970 and at most {@code maxFutureSkew}
 * ahead of the server's clock.
 */
public final class EventTimes {

    private final Duration maxFutureSkew;

    public EventTimes(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    /**
     * @param value the field's JSON value, or null when absent
     * @param field how to name the field in a message ({@code events[3].timestamp})
     */
    public Instant parse(JsonNode value, String field, Instant now) {
        if (value == null || value.isNull()) {
            return now;
        }
        Instant at;
        if (value.isIntegralNumber()) {
            // longValue() of a larger number keeps its low 64 bits: 2^64 + t would pass as t.
            if (!value.canConvertToLong()) {
                throw IngestException.badRequest("invalid_timestamp", field + " is out of range");
            }
            at = Instant.ofEpochMilli(value.longValue());
        } else if (value.isTextual()) {
            at = parseIso(value.textValue(), field);
        } else {
            throw IngestException.badRequest("invalid_timestamp", field + " must be an ISO 8601 string");
        }
        if (at.isAfter(now.plus(maxFutureSkew))) {
            throw IngestException.badRequest("invalid_timestamp",
                    field + " is more than " + maxFutureSkew.toHours() + " h in the future");
        }
        if (at.getEpochSecond() < 0) {
            throw IngestException.badRequest("invalid_timestamp", field + " is before 1970");
        }
        return at;
    }

    private static Instant parseIso(String text, String field) {
        Instant utc = utcFast(text);
        if (utc != null) {
            return utc;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException withZone) {
            try {
                return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                throw IngestException.badRequest("invalid_timestamp",
                        field + " is not an ISO 8601 date-time: " + abbreviate(text));
            }
        }
    }

    /**
     * The form nearly every SDK sends, {@code 2026-10-01T12:34:56Z} with an optional fraction of up to 9 digits,
     * read without the formatter (whose general parse costs several microseconds an event); null for any other
     * form or an impossible date, which the formatter then reads or refuses with its message.
     */
    static Instant utcFast(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fraction = length - 21;
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(text, 20, fraction);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        } else if (text.charAt(19) != 'Z') {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number of {@code count} ASCII digits from {@code from}; -1 if any is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
