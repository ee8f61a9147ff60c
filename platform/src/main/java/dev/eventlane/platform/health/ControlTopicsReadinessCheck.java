package dev.eventlane.platform.health;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.eventlane.platform.auth.KeyDirectory;
import dev.eventlane.platform.kafka.TopicPoller;
import dev.eventlane.platform.usage.UsageLedger;

/**
 * Ready while the pollers of the control topics (API keys, usage) run and read: a poller that stopped, or cannot
 * read its topic now (the broker away), makes the instance not ready, with the reason shown.
 */
@Readiness
@ApplicationScoped
public class ControlTopicsReadinessCheck implements HealthCheck {

    private final List<TopicPoller> pollers;

    public ControlTopicsReadinessCheck(KeyDirectory keys, UsageLedger usage) {
        this.pollers = List.of(keys, usage);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("control-topics").up();
        for (TopicPoller poller : pollers) {
            String problem = poller.problem();
            response.withData(poller.topic(), !poller.isPolling() ? "stopped" : problem == null ? "reading" : problem);
            response.withData(poller.topic() + "_skipped_records", poller.skippedRecords());
            if (!poller.isPolling() || problem != null) {
                response.down();
            }
        }
        return response.build();
    }
}
