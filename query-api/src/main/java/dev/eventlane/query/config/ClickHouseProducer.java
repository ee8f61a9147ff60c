package dev.eventlane.query.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.config.ClickHouseConfig;

/**
 * Two clients: the default one, for every read, logs in as the reader (read-only where the server is set up so);
 * the {@link ClickHouseWriter} one, for migrations and deletions, as the writer. Both bound their SELECTs alike.
 */
@ApplicationScoped
public class ClickHouseProducer {

    @Produces
    @ApplicationScoped
    ClickHouseClient clickhouse(ClickHouseConfig clickhouse, QueryConfig query, QueryLimitsConfig limits) {
        return new ClickHouseClient(clickhouse.url(), clickhouse.database(), query.timeout(), limits.settings(),
                clickhouse.readLogin());
    }

    @Produces
    @ApplicationScoped
    @ClickHouseWriter
    ClickHouseClient writer(ClickHouseConfig clickhouse, QueryConfig query, QueryLimitsConfig limits) {
        return new ClickHouseClient(clickhouse.url(), clickhouse.database(), query.timeout(), limits.settings(),
                clickhouse.login());
    }
}
