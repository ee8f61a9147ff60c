package dev.eventlane.platform.time;

import java.time.Clock;
import java.time.Duration;

/**
 * The clock every Eventlane service takes its calendar's "now" from: the system clock in UTC, moved by the JVM system
 * property {@value #PROPERTY} (an ISO-8601 duration, zero unless set). Production never sets it; the test suite sets
 * it to run the services and the tests together just before a month, year or daylight-saving boundary. Wall-clock
 * timers (timeouts, rate limits, token expiry) stay on the real clock.
 */
public final class ShiftedClock {

    /** The system property of the shift. */
    public static final String PROPERTY = "eventlane.clock.shift";

    private ShiftedClock() {
    }

    public static Clock of(Duration shift) {
        return shift.isZero() ? Clock.systemUTC() : Clock.offset(Clock.systemUTC(), shift);
    }

    /** The clock moved by the {@value #PROPERTY} system property: for tests and what they start. */
    public static Clock fromSystemProperty() {
        String shift = System.getProperty(PROPERTY);
        return of(shift == null || shift.isBlank() ? Duration.ZERO : Duration.parse(shift));
    }
}
