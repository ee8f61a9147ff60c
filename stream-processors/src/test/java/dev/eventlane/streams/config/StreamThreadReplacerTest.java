package dev.eventlane.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** Stream threads that die in an outage are replaced; one that keeps dying ends in a restart of the process. */
class StreamThreadReplacerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void threadsAreReplacedUntilTheyDieTooOftenThenAgainOnceTheWindowHasPassed() {
        MutableClock clock = new MutableClock(T0);
        StreamThreadReplacer replacer = new StreamThreadReplacer(clock);
        TimeoutException outage = new TimeoutException("Timeout of 300000ms expired");
        for (int i = 0; i < StreamThreadReplacer.MAX_REPLACEMENTS; i++) {
            assertThat(replacer.handle(outage)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            clock.now = clock.now.plusSeconds(30);
        }
        assertThat(replacer.handle(outage)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);

        clock.now = clock.now.plus(StreamThreadReplacer.WINDOW).plus(Duration.ofSeconds(1));
        assertThat(replacer.handle(outage)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
