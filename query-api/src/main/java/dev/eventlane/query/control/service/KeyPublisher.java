package dev.eventlane.query.control.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

import dev.eventlane.query.config.AuthConfig;
import dev.eventlane.query.control.model.ApiKey;
import dev.eventlane.query.control.model.ApiKeyRepository;
import dev.eventlane.query.control.model.Project;
import dev.eventlane.query.control.model.ProjectRepository;
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.KeyType;
import dev.eventlane.schemas.kafka.EventlaneSerdes;

/**
 * Publishes API keys to the compacted topic every ingest-api and query-api instance authenticates from. A change
 * is answered only after the broker acknowledged it, so a revocation the API confirmed is already on its way to
 * every instance. PostgreSQL stays the source of truth: every key is published again at start-up and then
 * periodically, which repairs a publish that failed after its transaction committed.
 */
@ApplicationScoped
public class KeyPublisher {

    private static final Logger LOG = Logger.getLogger(KeyPublisher.class);

    private final CompactedTopic<KeyGrant> topic;
    private final ApiKeyRepository keys;
    private final ProjectRepository projects;

    public KeyPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, AuthConfig config,
            ApiKeyRepository keys, ProjectRepository projects) {
        this.topic = new CompactedTopic<>(bootstrap, config.keysTopic(), "query-api-keys",
                EventlaneSerdes.keyGrant().serializer());
        this.keys = keys;
        this.projects = projects;
    }

    /** Creates the topic if missing, then publishes every key: the topic may be new, or a publish may have failed. */
    void start(@Observes StartupEvent startup, @ConfigProperty(name = "eventlane.control.key-topic-partitions",
            defaultValue = "1") int partitions) {
        topic.ensure(partitions);
        republishAll();
    }

    /** Publishes keys of one project (after a change to them or to the project's plan); waits for the broker. */
    public void publish(Project project, List<ApiKey> changed) {
        topic.publish(changed.stream().map(key -> topic.record(key.keyHash, grant(project, key))).toList(),
                "keys of project " + project.id);
    }

    @Scheduled(every = "${eventlane.control.key-republish-interval:60s}", delayed = "${eventlane.control"
            + ".key-republish-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void republishAll() {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Map<UUID, Project> byId = projects.listAll().stream()
                        .collect(Collectors.toMap(project -> project.id, Function.identity()));
                for (ApiKey key : keys.listAll()) {
                    Project project = byId.get(key.projectId);
                    if (project != null) {
                        topic.send(key.keyHash, grant(project, key));
                    }
                }
            });
            topic.flush();
        } catch (RuntimeException e) {
            LOG.warnf("Republishing API keys failed: %s", e.getMessage());
        }
    }

    private static KeyGrant grant(Project project, ApiKey key) {
        return KeyGrant.newBuilder().setKeyId(key.id.toString()).setProjectId(project.id.toString())
                .setOrgId(project.orgId.toString()).setType(KeyType.valueOf(key.type.toUpperCase()))
                .setScopes(key.scopeList()).setPlan(project.plan).setRevoked(key.revokedAt != null).build();
    }

    @PreDestroy
    void close() {
        topic.close();
    }
}
