package dev.eventlane.query.control.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import org.apache.kafka.common.serialization.Serializer;
import org.jboss.logging.Logger;

import dev.eventlane.platform.config.AuthConfig;
import dev.eventlane.query.control.model.ApiKey;
import dev.eventlane.query.control.model.ApiKeyRepository;
import dev.eventlane.query.control.model.Project;
import dev.eventlane.query.control.model.ProjectRepository;
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.KeyType;
import dev.eventlane.schemas.kafka.EventlaneSerdes;

/**
 * Publishes API keys, through the control outbox, on the compacted topic every ingest-api and query-api instance
 * authenticates from. A change's records commit with the change, so a revocation the API confirmed reaches every
 * instance however long Kafka is away. PostgreSQL stays the source of truth: every key is published again at
 * start-up (the topic may be new) and then periodically while nothing of the topic waits in the outbox.
 */
@ApplicationScoped
public class KeyPublisher {

    private static final Logger LOG = Logger.getLogger(KeyPublisher.class);

    private final String topic;
    private final Serializer<KeyGrant> values = EventlaneSerdes.keyGrant().serializer();
    private final ControlOutbox outbox;
    private final ApiKeyRepository keys;
    private final ProjectRepository projects;

    public KeyPublisher(AuthConfig config, ControlOutbox outbox, ApiKeyRepository keys, ProjectRepository projects) {
        this.topic = config.keysTopic();
        this.outbox = outbox;
        this.keys = keys;
        this.projects = projects;
    }

    void start(@Observes StartupEvent startup) {
        republish(true);
    }

    /**
     * Publishes keys of one project (after a change to them or to the project's plan) when the caller's transaction
     * commits; the caller took {@link ControlOutbox#lock} before reading them.
     */
    public void publish(Project project, List<ApiKey> changed) {
        for (ApiKey key : changed) {
            outbox.add(topic, key.keyHash, values.serialize(topic, grant(project, key)));
        }
    }

    @Scheduled(every = "${eventlane.control.key-republish-interval:60s}", delayed = "${eventlane.control"
            + ".key-republish-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void republishAll() {
        republish(false);
    }

    /** Every key; unless {@code always}, only when none waits in the outbox (no pile-up while Kafka is away). */
    private void republish(boolean always) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                outbox.lock();
                if (!always && outbox.pending(topic)) {
                    return;
                }
                Map<UUID, Project> byId = projects.listAll().stream()
                        .collect(Collectors.toMap(project -> project.id, Function.identity()));
                for (ApiKey key : keys.listAll()) {
                    Project project = byId.get(key.projectId);
                    if (project != null) {
                        outbox.add(topic, key.keyHash, values.serialize(topic, grant(project, key)));
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Republishing API keys failed: %s", e.getMessage());
        }
    }

    private static KeyGrant grant(Project project, ApiKey key) {
        return KeyGrant.newBuilder().setKeyId(key.id.toString()).setProjectId(project.id.toString())
                .setOrgId(project.orgId.toString()).setType(KeyType.valueOf(key.type.toUpperCase()))
                .setScopes(key.scopeList()).setPlan(project.plan).setRevoked(key.revokedAt != null)
                .setAllowedOrigins(project.originList()).build();
    }
}
