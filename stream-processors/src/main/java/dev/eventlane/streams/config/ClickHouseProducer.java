package dev.eventlane.streams.config;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.config.ClickHouseConfig;

@ApplicationScoped
public class ClickHouseProducer {

    /** Generous: a large batch on a busy 2-core machine can take seconds; failures retry anyway. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Produces
    @ApplicationScoped
    ClickHouseClient clickhouse(ClickHouseConfig config) {
        return new ClickHouseClient(config.url(), config.database(), TIMEOUT, Map.of(), config.login());
    }
}
