package dev.eventlane.streams.health;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.eventlane.streams.app.AlertsApplication;
import dev.eventlane.streams.app.AnalyticsApplication;
import dev.eventlane.streams.config.AlertsConfig;
import dev.eventlane.streams.config.StreamsApplication;

/**
 * Ready while the Kafka Streams applications beside de-duplication run (or rebalance): the analytics stage and,
 * unless it is turned off, alerting.
 */
@Readiness
@ApplicationScoped
public class AnalyticsHealthCheck implements HealthCheck {

    private final AnalyticsApplication analytics;
    private final AlertsApplication alerts;
    private final boolean alerting;

    public AnalyticsHealthCheck(AnalyticsApplication analytics, AlertsApplication alerts, AlertsConfig config) {
        this.analytics = analytics;
        this.alerts = alerts;
        this.alerting = config.enabled();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("analytics-streams").up();
        add(response, "analytics", analytics.application());
        if (alerting) {
            add(response, "alerts", alerts.application());
        }
        return response.build();
    }

    private static void add(HealthCheckResponseBuilder response, String name,
            Optional<StreamsApplication> application) {
        response.withData(name, application.map(StreamsApplication::state).orElse("NOT_STARTED"));
        if (application.isEmpty() || !application.get().isRunning()) {
            response.down();
        }
    }
}
