package dev.eventlane.ingest.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of accepted and rejected events, exported at {@code /q/metrics}. Counters are looked up once per
 * source and reason, not per request: this sits on the hottest path of the service.
 */
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> accepted = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void accepted(String source, int events) {
        accepted.computeIfAbsent(source, s -> registry.counter("eventlane.ingest.events.accepted", "source", s))
                .increment(events);
    }

    public void rejected(String source, String reason) {
        rejected.computeIfAbsent(source + '\u0000' + reason, key -> registry.counter(
                "eventlane.ingest.requests.rejected", "source", source, "reason", reason)).increment();
    }
}
