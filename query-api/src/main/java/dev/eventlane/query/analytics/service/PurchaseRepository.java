package dev.eventlane.query.analytics.service;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventlane.platform.clickhouse.ClickHouseClient;

/** Revenue events with their exact amounts ({@code purchases}), summed per UTC day. */
@ApplicationScoped
public class PurchaseRepository {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final ClickHouseClient clickhouse;

    public PurchaseRepository(ClickHouseClient clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** The exact sum of the amounts (a Decimal, read as text) and the number of purchases. */
    public record DayTotal(BigDecimal revenue, long purchases) {
    }

    /** Per day of the range with purchases; days without any are absent. */
    public Map<LocalDate, DayTotal> daily(String projectId, TimeRange.Days days) {
        Map<LocalDate, DayTotal> totals = new HashMap<>();
        if (days.isEmpty()) {
            return totals;
        }
        for (String[] row : clickhouse.select("SELECT intDiv(ts_ms, " + DAY_MS + ") AS epoch_day, sum(amount),"
                + " count() FROM purchases" + Where.project(projectId).atLeast("ts_ms", days.fromMs())
                        .below("ts_ms", days.toMs())
                + " GROUP BY epoch_day")) {
            totals.put(LocalDate.ofEpochDay(Long.parseLong(row[0])),
                    new DayTotal(new BigDecimal(row[1]), Long.parseLong(row[2])));
        }
        return totals;
    }
}
