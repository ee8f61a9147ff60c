package dev.eventlane.streams.health;

import java.util.Optional;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import dev.eventlane.streams.config.StreamsApplication;

/**
 * Alive unless the analytics stage or alerting has shut down after failures it could not get past (state ERROR):
 * stream threads that die in an outage are replaced ({@code StreamThreadReplacer}), so only a failure that keeps
 * coming back gets here, and a restart of the process is what is left. De-duplication has Quarkus's own check.
 */
@Liveness
@ApplicationScoped
public class StreamsLivenessCheck implements HealthCheck {

    static final String NAME = "streams-applications";

    /** Shut down after failures it could not get past; not started yet is alive (start-up has its own check). */
    static final Predicate<Optional<StreamsApplication>> DEAD =
            application -> application.isPresent() && application.get().hasFailed();

    private final WatchedApplications applications;

    StreamsLivenessCheck(WatchedApplications applications) {
        this.applications = applications;
    }

    @Override
    public HealthCheckResponse call() {
        return applications.respond(NAME, DEAD);
    }
}
