package dev.eventlane.streams.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import dev.eventlane.streams.app.AlertsApplication;
import dev.eventlane.streams.app.AnalyticsApplication;
import dev.eventlane.streams.config.AlertsConfig;
import dev.eventlane.streams.config.StreamsApplication;

/**
 * The Kafka Streams applications beside de-duplication that the health checks watch: the analytics stage and,
 * unless it is turned off, alerting. De-duplication has Quarkus's own checks.
 */
@ApplicationScoped
class WatchedApplications {

    private final AnalyticsApplication analytics;
    private final AlertsApplication alerts;
    private final boolean alerting;

    WatchedApplications(AnalyticsApplication analytics, AlertsApplication alerts, AlertsConfig config) {
        this.analytics = analytics;
        this.alerts = alerts;
        this.alerting = config.enabled();
    }

    /**
     * A response named {@code check} with each application's state as data, down when {@code down} holds for any
     * of them (an application not started yet is passed as empty).
     */
    HealthCheckResponse respond(String check, Predicate<Optional<StreamsApplication>> down) {
        return respond(check, applications(), down);
    }

    static HealthCheckResponse respond(String check, Map<String, Optional<StreamsApplication>> applications,
            Predicate<Optional<StreamsApplication>> down) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(check).up();
        for (Map.Entry<String, Optional<StreamsApplication>> watched : applications.entrySet()) {
            Optional<StreamsApplication> application = watched.getValue();
            response.withData(watched.getKey(), application.map(StreamsApplication::state).orElse("NOT_STARTED"));
            if (down.test(application)) {
                response.down();
            }
        }
        return response.build();
    }

    private Map<String, Optional<StreamsApplication>> applications() {
        Map<String, Optional<StreamsApplication>> applications = new LinkedHashMap<>();
        applications.put("analytics", analytics.application());
        if (alerting) {
            applications.put("alerts", alerts.application());
        }
        return applications;
    }
}
