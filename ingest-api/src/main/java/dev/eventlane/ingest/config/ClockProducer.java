package dev.eventlane.ingest.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.eventlane.schemas.time.ShiftedClock;

/** The one source of "now" for ingest-api (arrival times), so tests can move it (see ShiftedClock). */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return ShiftedClock.fromSystemProperty();
    }
}
