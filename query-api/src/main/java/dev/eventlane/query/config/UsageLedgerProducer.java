package dev.eventlane.query.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.Startup;

import dev.eventlane.schemas.usage.UsageLedger;

/** Today's usage of every project, as the ingest instances report it (read only: query-api accepts no events). */
@ApplicationScoped
public class UsageLedgerProducer {

    @Produces
    @Singleton
    @Startup
    UsageLedger ledger(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        return UsageLedger.start(bootstrap, null, null);
    }

    void close(@Disposes UsageLedger ledger) {
        ledger.close();
    }
}
