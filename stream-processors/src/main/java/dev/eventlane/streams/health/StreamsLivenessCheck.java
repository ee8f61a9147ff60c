package dev.eventlane.streams.health;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import dev.eventlane.streams.app.AlertsApplication;
import dev.eventlane.streams.app.AnalyticsApplication;
import dev.eventlane.streams.config.AlertsConfig;
import dev.eventlane.streams.config.StreamsApplication;

/**
 * Alive unless the analytics stage or alerting has shut down after failures it could not get past (state ERROR):
 * stream threads that die in an outage are replaced ({@code StreamThreadReplacer}), so only a failure that keeps
 * coming back gets here, and a restart of the process is what is left. De-duplication has Quarkus's own check.
 */
@Liveness
@ApplicationScoped
public class StreamsLivenessCheck implements HealthCheck {

    private final AnalyticsApplication analytics;
    private final AlertsApplication alerts;
    private final boolean alerting;

    public StreamsLivenessCheck(AnalyticsApplication analytics, AlertsApplication alerts, AlertsConfig config) {
        this.analytics = analytics;
        this.alerts = alerts;
        this.alerting = config.enabled();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("streams-applications").up();
        add(response, "analytics", analytics.application());
        if (alerting) {
            add(response, "alerts", alerts.application());
        }
        return response.build();
    }

    private static void add(HealthCheckResponseBuilder response, String name,
            Optional<StreamsApplication> application) {
        response.withData(name, application.map(StreamsApplication::state).orElse("NOT_STARTED"));
        if (application.isPresent() && application.get().hasFailed()) {
            response.down();
        }
    }
}
