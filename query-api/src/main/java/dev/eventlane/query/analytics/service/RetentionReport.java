package dev.eventlane.query.analytics.service;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /retention}: per cohort, the users active in each period from the cohort's own on. */
public record RetentionReport(String interval, List<Cohort> cohorts) {

    /**
     * @param retained    users of the cohort active in period cohort + k; element 0 is the cohort's size
     * @param retainedPct the same over the cohort's size
     */
    public record Cohort(
            String cohort,
            long size,
            List<Long> retained,
            @JsonProperty("retained_pct") List<BigDecimal> retainedPct) {
    }

    /**
     * @param retained per cohort, oldest first, the users active in each period (see
     *                 {@link UserDayRepository#retention})
     * @param today    periods starting after it are left out
     */
    public static RetentionReport of(RetentionInterval interval, Map<LocalDate, long[]> retained, LocalDate today) {
        List<Cohort> cohorts = new ArrayList<>(retained.size());
        retained.forEach((start, users) -> {
            List<Long> counts = new ArrayList<>();
            List<BigDecimal> percents = new ArrayList<>();
            for (int k = 0; k < users.length && !interval.plus(start, k).isAfter(today); k++) {
                counts.add(users[k]);
                percents.add(Percent.of(users[k], users[0]));
            }
            cohorts.add(new Cohort(start.toString(), users[0], counts, percents));
        });
        return new RetentionReport(interval.label(), cohorts);
    }
}
