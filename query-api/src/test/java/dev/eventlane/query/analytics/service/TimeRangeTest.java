package dev.eventlane.query.analytics.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeRangeTest {

    private static final Instant NOW = Instant.parse("2026-05-31T12:30:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-05-31");
    private static final Supplier<Optional<LocalDate>> FIRST_DAY = () -> Optional.of(LocalDate.parse("2026-01-15"));
    private static final Supplier<Optional<LocalDate>> NO_DATA = Optional::empty;

    @Test
    void defaultIsTheLast30Days() {
        assertThat(TimeRange.parse(null, null, null).instants(NOW))
                .isEqualTo(new TimeRange.Instants(Instant.parse("2026-05-01T12:30:00Z").toEpochMilli(), ms(NOW)));
        assertThat(TimeRange.parse(" ", "", null).days(NOW, FIRST_DAY))
                .isEqualTo(new TimeRange.Days(TODAY.minusDays(29), TODAY.plusDays(1)));
    }

    @ParameterizedTest
    @CsvSource({"1h, 2026-05-31T11:30:00Z", "24h, 2026-05-30T12:30:00Z", "7d, 2026-05-24T12:30:00Z",
            "30d, 2026-05-01T12:30:00Z", "3m, 2026-02-28T12:30:00Z", "12m, 2025-05-31T12:30:00Z"})
    void relativeRangesAsInstantsEndNow(String range, String from) {
        assertThat(TimeRange.parse(null, null, range).instants(NOW))
                .isEqualTo(new TimeRange.Instants(ms(Instant.parse(from)), ms(NOW)));
    }

    @ParameterizedTest
    @CsvSource({"1h, 2026-05-31", "24h, 2026-05-31", "7d, 2026-05-25", "30d, 2026-05-02", "3m, 2026-03-01",
            "12m, 2025-06-01", "all, 2026-01-15"})
    void relativeRangesAsDaysEndToday(String range, String from) {
        assertThat(TimeRange.parse(null, null, range).days(NOW, FIRST_DAY))
                .isEqualTo(new TimeRange.Days(LocalDate.parse(from), TODAY.plusDays(1)));
    }

    @Test
    void allIsOpenAtTheStartAndEmptyForAProjectWithoutData() {
        assertThat(TimeRange.parse(null, null, "all").instants(NOW)).isEqualTo(new TimeRange.Instants(null, ms(NOW)));
        TimeRange.Days none = TimeRange.parse(null, null, "all").days(NOW, NO_DATA);
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.stream()).isEmpty();
    }

    @Test
    void instantsAreUsedAsGiven() {
        TimeRange range = TimeRange.parse("2026-05-01T10:15:00.250+02:00", "2026-05-03", null);
        assertThat(range.instants(NOW)).isEqualTo(new TimeRange.Instants(
                ms(Instant.parse("2026-05-01T08:15:00.250Z")), ms(Instant.parse("2026-05-03T00:00:00Z"))));
        assertThat(TimeRange.parse("2026-05-01T10:15:00", null, null).instants(NOW))
                .isEqualTo(new TimeRange.Instants(ms(Instant.parse("2026-05-01T10:15:00Z")), ms(NOW)));
        assertThat(TimeRange.parse(null, "2026-05-03", null).instants(NOW))
                .isEqualTo(new TimeRange.Instants(null, ms(Instant.parse("2026-05-03T00:00:00Z"))));
    }

    @Test
    void daysTruncateBothEndsAndEndAfterTodayWithoutTo() {
        TimeRange.Days days = TimeRange.parse("2026-05-01T23:59:59Z", "2026-05-04T12:00:00Z", null)
                .days(NOW, FIRST_DAY);
        assertThat(days.stream().map(LocalDate::toString)).containsExactly("2026-05-01", "2026-05-02", "2026-05-03");
        assertThat(TimeRange.parse("2026-05-30", null, null).days(NOW, FIRST_DAY).stream().map(LocalDate::toString))
                .containsExactly("2026-05-30", "2026-05-31");
        assertThat(TimeRange.parse(null, "2026-01-17", null).days(NOW, FIRST_DAY).stream().map(LocalDate::toString))
                .containsExactly("2026-01-15", "2026-01-16");
        assertThat(TimeRange.parse("2026-05-01T10:00:00Z", "2026-05-01T12:00:00Z", null).days(NOW, FIRST_DAY)
                .isEmpty()).isTrue();
    }

    @Test
    void daysStayWithinClickHouseDates() {
        TimeRange.Days days = TimeRange.parse("1900-01-01", "2300-01-01", null).days(NOW, FIRST_DAY);
        assertThat(days).isEqualTo(new TimeRange.Days(LocalDate.EPOCH, LocalDate.parse("2106-01-01")));
        assertThat(days.fromMs()).isZero();
    }

    @ParameterizedTest
    @CsvSource(value = {"yesterday, , , from", ", 2026-13-01, , to", ", , 5d, range", "2026-05-01, , 7d, range",
            ", 2026-05-01, all, range", "2026-05-02, 2026-05-01, , from", "+999999999-12-31T23:59:59Z, , , from"})
    void badValuesNameTheParameter(String from, String to, String range, String parameter) {
        assertThatThrownBy(() -> TimeRange.parse(from, to, range))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_parameter");
                    assertThat(e.getMessage()).startsWith(parameter);
                });
    }

    private static long ms(Instant instant) {
        return instant.toEpochMilli();
    }
}
