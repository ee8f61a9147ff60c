package dev.eventlane.platform.health;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import dev.eventlane.platform.auth.KeyDirectory;
import dev.eventlane.platform.kafka.TopicPoller;
import dev.eventlane.platform.usage.UsageLedger;

/**
 * Alive while the pollers of the control topics can go on. They outlive broker outages by themselves, so only a
 * poller whose thread ended (an {@link Error}) or that has not gone round its loop for {@link #STALLED} fails
 * liveness, and the orchestrator restarts the instance, which reads the topics again from their beginning.
 */
@Liveness
@ApplicationScoped
public class ControlTopicsLivenessCheck implements HealthCheck {

    /** The pollers go round several times a second, also while they wait; minutes without it is a hang. */
    static final Duration STALLED = Duration.ofMinutes(2);

    private final List<TopicPoller> pollers;

    public ControlTopicsLivenessCheck(KeyDirectory keys, UsageLedger usage) {
        this.pollers = List.of(keys, usage);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("control-topic-pollers").up();
        for (TopicPoller poller : pollers) {
            boolean stalled = poller.millisSinceBeat() > STALLED.toMillis();
            response.withData(poller.topic(), !poller.isPolling() ? "stopped" : stalled ? "stalled" : "running");
            if (!poller.isPolling() || stalled) {
                response.down();
            }
        }
        return response.build();
    }
}
