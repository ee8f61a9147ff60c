package dev.eventlane.streams.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.eventlane.streams.analytics.AnalyticsStreams;

/** Ready while the analytics stage's Kafka Streams application runs (or rebalances). */
@Readiness
@ApplicationScoped
public class AnalyticsHealthCheck implements HealthCheck {

    private final AnalyticsStreams analytics;

    public AnalyticsHealthCheck(AnalyticsStreams analytics) {
        this.analytics = analytics;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("analytics-streams")
                .status(analytics.isRunning())
                .withData("state", analytics.state())
                .build();
    }
}
