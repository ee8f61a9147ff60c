package dev.eventlane.query.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.eventlane.schemas.clickhouse.ClickHouseClient;

@ApplicationScoped
public class ClickHouseProducer {

    @Produces
    @ApplicationScoped
    ClickHouseClient clickhouse(ClickHouseConfig clickhouse, QueryConfig query, QueryLimitsConfig limits) {
        return new ClickHouseClient(clickhouse.url(), clickhouse.database(), query.timeout(), limits.settings(),
                clickhouse.login());
    }
}
