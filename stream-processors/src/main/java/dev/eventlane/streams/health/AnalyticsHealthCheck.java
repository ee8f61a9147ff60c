package dev.eventlane.streams.health;

import java.util.Optional;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.eventlane.streams.config.StreamsApplication;

/**
 * Ready while the Kafka Streams applications beside de-duplication run (or rebalance): the analytics stage and,
 * unless it is turned off, alerting.
 */
@Readiness
@ApplicationScoped
public class AnalyticsHealthCheck implements HealthCheck {

    static final String NAME = "analytics-streams";

    /** Not running or rebalancing, or not started yet. */
    static final Predicate<Optional<StreamsApplication>> NOT_READY =
            application -> application.isEmpty() || !application.get().isRunning();

    private final WatchedApplications applications;

    AnalyticsHealthCheck(WatchedApplications applications) {
        this.applications = applications;
    }

    @Override
    public HealthCheckResponse call() {
        return applications.respond(NAME, NOT_READY);
    }
}
