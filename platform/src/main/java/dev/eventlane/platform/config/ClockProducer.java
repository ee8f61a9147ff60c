package dev.eventlane.platform.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.eventlane.platform.time.ShiftedClock;

/** The one source of "now" of a service (arrival times, ranges, retention), so tests can move it (see ShiftedClock). */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return ShiftedClock.fromSystemProperty();
    }
}
