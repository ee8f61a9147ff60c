package dev.eventlane.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;

/** Counters of accepted and rejected events, exported at {@code /q/metrics}. */
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void accepted(String source, int events) {
        registry.counter("eventlane.ingest.events.accepted", "source", source).increment(events);
    }

    public void rejected(String source, String reason) {
        registry.counter("eventlane.ingest.requests.rejected", "source", source, "reason", reason).increment();
    }
}
