package dev.eventlane.streams.sink;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Sink batches, rows, insert failures and consumer lag of one sink, exported at {@code /q/metrics}. */
public class SinkMetrics {

    private final Counter rows;
    private final Timer batches;
    private final Counter failures;
    private final AtomicLong lag = new AtomicLong();

    public SinkMetrics(MeterRegistry registry, String table) {
        this.rows = registry.counter("eventlane.sink.rows", "table", table);
        this.batches = registry.timer("eventlane.sink.batches", "table", table);
        this.failures = registry.counter("eventlane.sink.insert.failures", "table", table);
        registry.gauge("eventlane.sink.lag", io.micrometer.core.instrument.Tags.of("table", table), lag);
    }

    void batch(int rowCount, long nanos) {
        rows.increment(rowCount);
        batches.record(nanos, TimeUnit.NANOSECONDS);
    }

    void insertFailed() {
        failures.increment();
    }

    /** Records still to sink: the sum over assigned partitions of end offset minus position, where known. */
    void lag(Consumer<?, ?> consumer) {
        long total = 0;
        for (var tp : consumer.assignment()) {
            total += consumer.currentLag(tp).orElse(0);
        }
        lag.set(total);
    }

    public long currentLag() {
        return lag.get();
    }
}
