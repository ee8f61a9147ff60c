package dev.eventlane.ingest.config;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import org.eclipse.microprofile.config.Config;

import dev.eventlane.ingest.service.RateLimiter;
import dev.eventlane.platform.auth.Plan;
import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.platform.kafka.TopicPoller;
import dev.eventlane.platform.usage.UsageLedger;

/** The plan table (defaults overridable by {@code eventlane.plans.<plan>.*}) and the shared usage ledger. */
@ApplicationScoped
public class LimitsProducer {

    @Produces
    @Singleton
    RateLimiter limiter(Config config) {
        return new RateLimiter(Plan.table(name -> config.getOptionalValue(name, String.class)));
    }

    @Produces
    @Singleton
    @Startup
    UsageLedger ledger(KafkaSettings kafka, RateLimiter limiter,
            MeterRegistry registry) {
        // A name per process: a restarted instance's earlier counts stay on the topic as a peer's, still counted.
        UsageLedger ledger = UsageLedger.start(kafka, "ingest-" + UUID.randomUUID(), limiter);
        limiter.attach(ledger);
        // Records of the topic that did not decode: skipped, never the end of the poller.
        FunctionCounter.builder("eventlane.control.records.skipped", ledger, TopicPoller::skippedRecords)
                .tag("topic", ledger.topic()).register(registry);
        return ledger;
    }

    void close(@Disposes UsageLedger ledger) {
        ledger.close();
    }
}
