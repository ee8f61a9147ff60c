package dev.eventlane.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class StreamThreadFailuresTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-31T23:59:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StreamThreadFailures failures = new StreamThreadFailures(registry, clock);

    @Test
    void aDeadThreadIsReplacedUntilDeathsKeepComing() {
        RuntimeException death = new IllegalStateException("broker gone");
        for (int i = 1; i < StreamThreadFailures.MAX_FAILURES; i++) {
            assertThat(failures.handle(death)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(failures.handle(death)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(registry.counter("eventlane.streams.thread.failures").count())
                .isEqualTo(StreamThreadFailures.MAX_FAILURES);
    }

    @Test
    void deathsFarApartAreAlwaysReplaced() {
        for (int i = 0; i < 3 * StreamThreadFailures.MAX_FAILURES; i++) {
            assertThat(failures.handle(new IllegalStateException("timeout")))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            clock.advance(StreamThreadFailures.WINDOW.dividedBy(StreamThreadFailures.MAX_FAILURES - 1).plusSeconds(1));
        }
    }

    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
