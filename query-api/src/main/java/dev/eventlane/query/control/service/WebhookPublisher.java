package dev.eventlane.query.control.service;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import org.apache.kafka.common.serialization.Serializer;
import org.jboss.logging.Logger;

import dev.eventlane.query.control.model.Project;
import dev.eventlane.query.control.model.ProjectRepository;
import dev.eventlane.query.control.model.Webhook;
import dev.eventlane.query.control.model.WebhookRepository;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Publishes webhook endpoints, through the control outbox, on the compacted topic the alerting stream-processors
 * hold in a global store: they judge churn and revenue against each endpoint's thresholds and deliver with its URL
 * and secret. A deleted endpoint, or one of a project whose plan has no webhooks, is a tombstone. As for API keys,
 * a change's records commit with the change, and every endpoint is published again at start-up and periodically.
 */
@ApplicationScoped
public class WebhookPublisher {

    /** The topic's name, shared with the stream-processors ({@code Topics.WEBHOOK_ENDPOINTS}). */
    private static final Logger LOG = Logger.getLogger(WebhookPublisher.class);

    private final Serializer<WebhookEndpoint> values = EventlaneSerdes.webhookEndpoint().serializer();
    private final ControlOutbox outbox;
    private final WebhookRepository webhooks;
    private final ProjectRepository projects;
    private final Plans plans;

    public WebhookPublisher(ControlOutbox outbox, WebhookRepository webhooks, ProjectRepository projects,
            Plans plans) {
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.projects = projects;
        this.plans = plans;
    }

    void start(@Observes StartupEvent startup) {
        republish(true);
    }

    /** Publishes the project's endpoint (a tombstone once deleted) when the caller's transaction commits. */
    public void publish(Project project, Webhook webhook) {
        add(webhook, webhook.deletedAt == null && plans.of(project.plan).webhooks());
    }

    @Scheduled(every = "${eventlane.control.key-republish-interval:60s}", delayed = "${eventlane.control"
            + ".key-republish-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void republishAll() {
        republish(false);
    }

    private void republish(boolean always) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                outbox.lock();
                if (!always && outbox.pending(Topics.WEBHOOK_ENDPOINTS)) {
                    return;
                }
                Set<UUID> withWebhooks = projects.listAll().stream()
                        .filter(project -> plans.of(project.plan).webhooks()).map(project -> project.id)
                        .collect(Collectors.toSet());
                for (Webhook webhook : webhooks.listAll()) {
                    add(webhook, webhook.deletedAt == null && withWebhooks.contains(webhook.projectId));
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Republishing webhook endpoints failed: %s", e.getMessage());
        }
    }

    private void add(Webhook webhook, boolean live) {
        byte[] value = live ? values.serialize(Topics.WEBHOOK_ENDPOINTS, value(webhook)) : null;
        outbox.add(Topics.WEBHOOK_ENDPOINTS, key(webhook), value);
    }

    private static String key(Webhook webhook) {
        return RecordKeys.owned(webhook.projectId.toString(), webhook.id.toString());
    }

    /** The endpoint as the stream-processors see it. */
    private static WebhookEndpoint value(Webhook webhook) {
        return WebhookEndpoint.newBuilder().setEndpointId(webhook.id.toString())
                .setProjectId(webhook.projectId.toString()).setUrl(webhook.url).setKinds(webhook.kindList())
                .setSecret(webhook.secret).setChurnThresholdPct(webhook.churnThresholdPct)
                .setRevenueDropPct(webhook.revenueDropPct).build();
    }
}
