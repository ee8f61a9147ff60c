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

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
