package dev.eventlane.streams.sink;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import dev.eventlane.platform.clickhouse.SinkListener;

/**
 * Sink batches, rows, insert failures, dead letters, failed commits, restarts of the loop and consumer lag of one
 * sink, exported at {@code /q/metrics}.
 */
public class SinkMetrics implements SinkListener {

    private final Counter rows;
    private final Timer batches;
    private final Counter failures;
    private final Counter deadLetters;
    private final Counter commitFailures;
    private final Counter restarts;
    private final AtomicLong lag = new AtomicLong();

    public SinkMetrics(MeterRegistry registry, String table) {
        this.rows = registry.counter("eventlane.sink.rows", "table", table);
        this.batches = registry.timer("eventlane.sink.batches", "table", table);
        this.failures = registry.counter("eventlane.sink.insert.failures", "table", table);
        this.deadLetters = registry.counter("eventlane.sink.dead.letters", "table", table);
        this.commitFailures = registry.counter("eventlane.sink.commit.failures", "table", table);
        this.restarts = registry.counter("eventlane.sink.restarts", "table", table);
        registry.gauge("eventlane.sink.lag", Tags.of("table", table), lag);
    }

    @Override
    public void batch(int rowCount, long nanos) {
        rows.increment(rowCount);
        batches.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void insertFailed() {
        failures.increment();
    }

    @Override
    public void deadLettered() {
        deadLetters.increment();
    }

    @Override
    public void commitFailed() {
        commitFailures.increment();
    }

    @Override
    public void restarted() {
        restarts.increment();
    }

    @Override
    public void lag(long records) {
        lag.set(records);
    }

    public long currentLag() {
        return lag.get();
    }
}
