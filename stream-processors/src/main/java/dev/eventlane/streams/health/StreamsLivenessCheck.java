package dev.eventlane.streams.health;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import dev.eventlane.streams.alerts.AlertsStreams;
import dev.eventlane.streams.analytics.AnalyticsStreams;
import dev.eventlane.streams.config.StreamsApplication;

/**
 * Down when a Kafka Streams application has failed for good (its threads kept dying, see StreamThreadFailures): only
 * a restart of the process brings it back, so the orchestrator should do one. Outages alone never make it down.
 */
@Liveness
@ApplicationScoped
public class StreamsLivenessCheck implements HealthCheck {

    private final KafkaStreams dedup;
    private final AnalyticsStreams analytics;
    private final AlertsStreams alerts;

    public StreamsLivenessCheck(KafkaStreams dedup, AnalyticsStreams analytics, AlertsStreams alerts) {
        this.dedup = dedup;
        this.analytics = analytics;
        this.alerts = alerts;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State dedupState = dedup.state();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("streams-alive")
                .withData("dedup", dedupState.name())
                .status(dedupState != KafkaStreams.State.ERROR && dedupState != KafkaStreams.State.PENDING_ERROR);
        add(response, "analytics", analytics.application());
        add(response, "alerts", alerts.application());
        return response.build();
    }

    private static void add(HealthCheckResponseBuilder response, String name,
            Optional<StreamsApplication> application) {
        application.ifPresent(app -> {
            response.withData(name, app.state());
            if (app.isDead()) {
                response.down();
            }
        });
    }
}
