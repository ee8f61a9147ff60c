package dev.eventlane.query.web.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.eventlane.query.analytics.service.ApiException;
import dev.eventlane.query.web.service.WebRange.Bucket;

class WebRangeTest {

    /** The first of a year, mid-hour: buckets must not depend on the machine's time zone. */
    private static final Instant NOW = Instant.parse("2027-01-01T10:30:00Z");

    @ParameterizedTest
    @CsvSource({"1h,3600000,HOUR", "24h,86400000,HOUR", "7d,604800000,DAY", "30d,2592000000,DAY",
        "3m,7776000000,DAY", "12m,31536000000,DAY", ",86400000,HOUR"})
    void chipsEndNowAndHaveTheirLengthAndBucket(String chip, long length, Bucket bucket) {
        WebRange range = WebRange.parse(chip, null, null, NOW, null);
        assertThat(range.to()).isEqualTo(NOW.toEpochMilli());
        assertThat(range.length()).isEqualTo(length);
        assertThat(range.bucket()).isEqualTo(bucket);
        assertThat(range.chip()).isEqualTo(chip == null ? "24h" : chip);
    }

    @Test
    void bucketsAreUtcHoursFromTheOneHoldingFromAndIncludeThePartialLast() {
        WebRange range = WebRange.parse("24h", null, null, NOW, null);
        assertThat(range.bucketStarts()).hasSize(25).first()
                .isEqualTo(Instant.parse("2026-12-31T10:00:00Z").toEpochMilli());
        assertThat(range.bucketStarts()).last().isEqualTo(Instant.parse("2027-01-01T10:00:00Z").toEpochMilli());
        assertThat(range.previous().to()).isEqualTo(range.from());
        assertThat(range.previous().length()).isEqualTo(range.length());
    }

    @Test
    void fromAndToOverrideWhenBothAreValid() {
        WebRange range = WebRange.parse("7d", "2026-06-01T00:00:00.000Z", "2026-06-01T12:00:00Z", NOW, null);
        assertThat(range.chip()).isEqualTo("custom");
        assertThat(range.bucket()).isEqualTo(Bucket.HOUR);
        assertThat(range.bucketStarts()).hasSize(12);
        assertThat(WebRange.parse("7d", "2026-06-01T00:00:00Z", "not a time", NOW, null).chip()).isEqualTo("7d");
        assertThat(WebRange.parse("7d", "2026-06-02T00:00:00Z", "2026-06-01T00:00:00Z", NOW, null).chip())
                .isEqualTo("7d");
        assertThat(WebRange.parse(null, "2026-06-01T00:00:00Z", "2026-06-03T00:00:00Z", NOW, null).bucket())
                .isEqualTo(Bucket.DAY);
    }

    @Test
    void allStartsOnTheDayOfTheFirstEvent() {
        long first = Instant.parse("2026-03-04T05:06:07Z").toEpochMilli();
        WebRange range = WebRange.parse("all", null, null, NOW, first);
        assertThat(range.from()).isEqualTo(Instant.parse("2026-03-04T00:00:00Z").toEpochMilli());
        assertThat(range.bucket()).isEqualTo(Bucket.DAY);
        assertThat(WebRange.parse("all", null, null, NOW, null).length()).isEqualTo(86_400_000L);
    }

    @Test
    void anUnknownChipIs400() {
        assertThatThrownBy(() -> WebRange.parse("2w", null, null, NOW, null)).isInstanceOf(ApiException.class)
                .hasMessageContaining("range must be one of");
    }
}
