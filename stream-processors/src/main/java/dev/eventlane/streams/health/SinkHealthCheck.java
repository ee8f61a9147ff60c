package dev.eventlane.streams.health;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.streams.sink.SinkService;

/**
 * Ready when ClickHouse answers and every sink loop runs normally: not dead, not stuck, not starting again after a
 * failure (the failure is shown). See {@link SinkLivenessCheck} for what makes the process restart.
 */
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
        Map<String, String> problems = sink.problems();
        boolean healthy = sink.isRunning() && sink.stalled().isEmpty() && problems.isEmpty();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("clickhouse-sink")
                .status(clickhouseUp && healthy)
                .withData("clickhouse", clickhouseUp)
                .withData("sinks_running", sink.isRunning())
                .withData("sinks_stopped", String.join(",", sink.stopped()))
                .withData("sinks_stalled", String.join(",", sink.stalled()))
                .withData("lag", sink.lag());
        problems.forEach((table, problem) -> response.withData("restarting_" + table, problem));
        return response.build();
    }
}
