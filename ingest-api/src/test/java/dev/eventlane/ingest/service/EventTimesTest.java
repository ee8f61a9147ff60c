package dev.eventlane.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class EventTimesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private final EventTimes times = new EventTimes(Duration.ofHours(24));

    @Test
    void theFastPathReadsWhatTheFormatterReads() {
        for (String text : List.of("2026-10-01T12:34:56Z", "2026-10-01T12:34:56.7Z", "2026-10-01T12:34:56.789Z",
                "2026-10-01T00:00:00.123456789Z", "2024-02-29T23:59:59.000001Z", "1970-01-01T00:00:00Z")) {
            Instant fast = EventTimes.utcFast(text);
            assertThat(fast).as(text).isNotNull()
                    .isEqualTo(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
            assertThat(times.parse(TextNode.valueOf(text), "timestamp", NOW)).isEqualTo(fast);
        }
    }

    @Test
    void otherFormsAndImpossibleDatesAreLeftToTheFormatter() {
        for (String text : List.of("2026-10-01T12:34:56+02:00", "2026-10-01T12:34:56", "2026-10-01t12:34:56z",
                "2026-02-30T12:34:56Z", "2026-10-01T24:00:00Z", "2026-10-01T12:34:60Z", "2026-10-01T12:34:56.Z",
                "2026-10-01T12:34:56.1234567890Z", "2026-1O-01T12:34:56Z", "+2026-10-01T12:34:56Z",
                "2026-10-01T12:34Z")) {
            assertThat(EventTimes.utcFast(text)).as(text).isNull();
        }
        assertThat(times.parse(TextNode.valueOf("2026-10-01T12:34:56+02:00"), "timestamp", NOW))
                .isEqualTo(Instant.parse("2026-10-01T10:34:56Z"));
        assertThat(times.parse(TextNode.valueOf("2026-10-01T12:34:56"), "timestamp", NOW))
                .isEqualTo(LocalDateTime.parse("2026-10-01T12:34:56").toInstant(ZoneOffset.UTC));
        assertThatThrownBy(() -> times.parse(TextNode.valueOf("2026-02-30T12:34:56Z"), "timestamp", NOW))
                .isInstanceOf(IngestException.class).hasMessageContaining("not an ISO 8601 date-time");
        assertThatThrownBy(() -> times.parse(TextNode.valueOf("2026-12-09T12:00:00Z"), "timestamp", NOW))
                .isInstanceOf(IngestException.class).hasMessageContaining("in the future");
    }
}
