package dev.eventlane.query.analytics.service;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Percentages as the analytics endpoints show them: the exact ratio rounded half-up to one decimal. */
public final class Percent {

    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(1);

    private Percent() {
    }

    /** 100 · part / whole, or 0.0 when whole is 0. */
    public static BigDecimal of(long part, long whole) {
        if (whole == 0) {
            return ZERO;
        }
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }
}
