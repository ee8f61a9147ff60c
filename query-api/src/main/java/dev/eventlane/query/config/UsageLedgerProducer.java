package dev.eventlane.query.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.platform.kafka.TopicPoller;
import dev.eventlane.platform.usage.UsageLedger;

/** Today's usage of every project, as the ingest instances report it (read only: query-api accepts no events). */
@ApplicationScoped
public class UsageLedgerProducer {

    @Produces
    @Singleton
    @Startup
    UsageLedger ledger(KafkaSettings kafka, MeterRegistry registry) {
        UsageLedger ledger = UsageLedger.start(kafka, null, null);
        // Records of the topic that did not decode: skipped, never the end of the poller.
        FunctionCounter.builder("eventlane.control.records.skipped", ledger, TopicPoller::skippedRecords)
                .tag("topic", ledger.topic()).register(registry);
        return ledger;
    }

    void close(@Disposes UsageLedger ledger) {
        ledger.close();
    }
}
