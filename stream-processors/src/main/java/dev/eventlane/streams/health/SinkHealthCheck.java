package dev.eventlane.streams.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.eventlane.schemas.clickhouse.ClickHouseClient;
import dev.eventlane.streams.sink.SinkService;

/** Ready when ClickHouse answers and every sink thread runs. */
@Readiness
@ApplicationScoped
public class SinkHealthCheck implements HealthCheck {

    private final ClickHouseClient clickhouse;
    private final SinkService sink;

    public SinkHealthCheck(ClickHouseClient clickhouse, SinkService sink) {
        this.clickhouse = clickhouse;
        this.sink = sink;
    }

    @Override
    public HealthCheckResponse call() {
        boolean clickhouseUp = clickhouse.ping();
        return HealthCheckResponse.named("clickhouse-sink")
                .status(clickhouseUp && sink.isRunning())
                .withData("clickhouse", clickhouseUp)
                .withData("sinks_running", sink.isRunning())
                .withData("sinks_stopped", String.join(",", sink.stopped()))
                .withData("lag", sink.lag())
                .build();
    }
}
