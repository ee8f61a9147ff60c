package dev.eventlane.query.control.service;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

import dev.eventlane.query.control.model.ProjectRepository;
import dev.eventlane.query.control.model.Webhook;
import dev.eventlane.query.control.model.WebhookRepository;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * Publishes webhook endpoints to the compacted topic the alerting stream-processors hold in a global store: they
 * judge churn and revenue against each endpoint's thresholds and deliver with its URL and secret. A deleted
 * endpoint is a tombstone. As for API keys, a change is answered only after the broker acknowledged it, and every
 * endpoint is published again at start-up and periodically; endpoints of projects whose plan no longer has webhooks
 * are withdrawn then.
 */
@ApplicationScoped
public class WebhookPublisher {

    /** The topic's name, shared with the stream-processors ({@code Topics.WEBHOOK_ENDPOINTS}). */
    public static final String TOPIC = "webhook-endpoints";
    private static final Logger LOG = Logger.getLogger(WebhookPublisher.class);

    private final CompactedTopic<WebhookEndpoint> topic;
    private final WebhookRepository webhooks;
    private final ProjectRepository projects;
    private final Plans plans;

    public WebhookPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            WebhookRepository webhooks, ProjectRepository projects, Plans plans) {
        this.topic = new CompactedTopic<>(bootstrap, TOPIC, "query-api-webhooks",
                EventlaneSerdes.webhookEndpoint().serializer());
        this.webhooks = webhooks;
        this.projects = projects;
        this.plans = plans;
    }

    void start(@Observes StartupEvent startup) {
        topic.ensure(1);
        republishAll();
    }

    /** Publishes one endpoint (a tombstone once deleted) and waits for the broker. */
    public void publish(Webhook webhook) {
        topic.publish(List.of(topic.record(key(webhook), value(webhook, webhook.deletedAt == null))),
                "webhook " + webhook.id);
    }

    @Scheduled(every = "${eventlane.control.key-republish-interval:60s}", delayed = "${eventlane.control"
            + ".key-republish-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void republishAll() {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Set<UUID> withWebhooks = projects.listAll().stream()
                        .filter(project -> plans.of(project.plan).webhooks()).map(project -> project.id)
                        .collect(Collectors.toSet());
                for (Webhook webhook : webhooks.listAll()) {
                    topic.send(key(webhook),
                            value(webhook, webhook.deletedAt == null && withWebhooks.contains(webhook.projectId)));
                }
            });
            topic.flush();
        } catch (RuntimeException e) {
            LOG.warnf("Republishing webhook endpoints failed: %s", e.getMessage());
        }
    }

    private static String key(Webhook webhook) {
        return RecordKeys.owned(webhook.projectId.toString(), webhook.id.toString());
    }

    /** The endpoint as the stream-processors see it; null (a tombstone) when it is not to receive anything. */
    private static WebhookEndpoint value(Webhook webhook, boolean live) {
        if (!live) {
            return null;
        }
        return WebhookEndpoint.newBuilder().setEndpointId(webhook.id.toString())
                .setProjectId(webhook.projectId.toString()).setUrl(webhook.url).setKinds(webhook.kindList())
                .setSecret(webhook.secret).setChurnThresholdPct(webhook.churnThresholdPct)
                .setRevenueDropPct(webhook.revenueDropPct).build();
    }

    @PreDestroy
    void close() {
        topic.close();
    }
}
