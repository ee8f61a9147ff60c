package dev.eventlane.query.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.eventlane.schemas.clickhouse.ClickHouseClient;

@ApplicationScoped
public class ClickHouseProducer {

    @Produces
    @ApplicationScoped
    ClickHouseClient clickhouse(QueryConfig config) {
        return new ClickHouseClient(config.clickhouseUrl(), config.clickhouseDatabase(), config.queryTimeout());
    }
}
