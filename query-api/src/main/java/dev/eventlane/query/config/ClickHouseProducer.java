package dev.eventlane.query.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.config.ClickHouseConfig;

@ApplicationScoped
public class ClickHouseProducer {

    @Produces
    @ApplicationScoped
    ClickHouseClient clickhouse(ClickHouseConfig clickhouse, QueryConfig query, QueryLimitsConfig limits) {
        return new ClickHouseClient(clickhouse.url(), clickhouse.database(), query.timeout(), limits.settings(),
                clickhouse.login());
    }
}
