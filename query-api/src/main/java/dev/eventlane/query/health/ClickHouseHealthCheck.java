package dev.eventlane.query.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.eventlane.platform.clickhouse.ClickHouseClient;

/** Ready when ClickHouse answers its ping. */
@Readiness
@ApplicationScoped
public class ClickHouseHealthCheck implements HealthCheck {

    private final ClickHouseClient clickhouse;

    public ClickHouseHealthCheck(ClickHouseClient clickhouse) {
        this.clickhouse = clickhouse;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("clickhouse").status(clickhouse.ping()).build();
    }
}
