package dev.eventlane.query.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseException;
import dev.eventlane.platform.clickhouse.ClickHouseMigrations;

/**
 * Applies the ClickHouse migrations at start-up, so query-api does not depend on the sink having started first. If
 * ClickHouse is not up yet, the service still starts (not ready) and the sink applies them.
 */
@ApplicationScoped
public class ClickHouseSchema {

    private static final Logger LOG = Logger.getLogger(ClickHouseSchema.class);

    void migrate(@Observes StartupEvent startup, @ClickHouseWriter ClickHouseClient clickhouse) {
        try {
            ClickHouseMigrations.apply(clickhouse);
        } catch (ClickHouseException e) {
            LOG.warnf("ClickHouse migrations not applied at start-up: %s", e.getMessage());
        }
    }
}
