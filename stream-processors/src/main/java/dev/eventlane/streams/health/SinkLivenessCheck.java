package dev.eventlane.streams.health;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import dev.eventlane.streams.sink.SinkService;

/**
 * Alive while every sink loop runs. A sink outlives any outage of Kafka or ClickHouse by itself (it retries, or
 * starts again with a new consumer), so liveness does not fail for an outage, only for a loop that can no longer
 * continue: its thread died (an {@link Error}) or it has not shown it is alive for the stall timeout. Then the
 * orchestrator restarts the process, which resumes every sink from where ClickHouse stands.
 */
@Liveness
@ApplicationScoped
public class SinkLivenessCheck implements HealthCheck {

    private final SinkService sink;

    public SinkLivenessCheck(SinkService sink) {
        this.sink = sink;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> stopped = sink.stopped();
        List<String> stalled = sink.stalled();
        return HealthCheckResponse.named("clickhouse-sink-loops")
                .status(stopped.isEmpty() && stalled.isEmpty())
                .withData("sinks_stopped", String.join(",", stopped))
                .withData("sinks_stalled", String.join(",", stalled))
                .build();
    }
}
