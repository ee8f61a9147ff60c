package dev.eventlane.query.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import dev.eventlane.query.control.service.OutboxRelay;

/**
 * Live while the control outbox relay runs. Kafka or PostgreSQL being away does not fail it (the relay retries, and
 * a restart would not help); a relay thread that died or hangs does, since then nothing publishes control changes.
 */
@Liveness
@ApplicationScoped
public class OutboxRelayHealthCheck implements HealthCheck {

    private final OutboxRelay relay;

    public OutboxRelayHealthCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("control-outbox-relay").status(relay.alive()).build();
    }
}
