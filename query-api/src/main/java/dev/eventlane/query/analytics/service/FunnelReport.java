package dev.eventlane.query.analytics.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /funnel}: the users reaching each step of a funnel, with completion and churn. */
public record FunnelReport(
        String funnel,
        @JsonProperty("window_seconds") long windowSeconds,
        List<Step> steps,
        @JsonProperty("conversion_pct") BigDecimal conversionPct) {

    /**
     * @param completionPct users of this step over users of step 1
     * @param churnPct      users of the previous step who did not reach this one, over the previous step's users
     */
    public record Step(
            int step,
            String action,
            long users,
            @JsonProperty("completion_pct") BigDecimal completionPct,
            @JsonProperty("churn_pct") BigDecimal churnPct) {
    }

    /** @param users users reaching each step (level at least step), in step order */
    public static FunnelReport of(String funnel, long windowSeconds, List<String> actions, long[] users) {
        List<Step> steps = new ArrayList<>(actions.size());
        for (int i = 0; i < actions.size(); i++) {
            BigDecimal churn = i == 0 ? Percent.ZERO : Percent.of(users[i - 1] - users[i], users[i - 1]);
            steps.add(new Step(i + 1, actions.get(i), users[i], Percent.of(users[i], users[0]), churn));
        }
        return new FunnelReport(funnel, windowSeconds, steps, Percent.of(users[users.length - 1], users[0]));
    }
}
