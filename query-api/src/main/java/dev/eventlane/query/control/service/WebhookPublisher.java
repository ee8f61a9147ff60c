package dev.eventlane.query.control.service;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
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
import dev.eventlane.schemas.kafka.TopicAdmin;

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

    private final Producer<String, WebhookEndpoint> producer;
    private final String bootstrap;
    private final WebhookRepository webhooks;
    private final ProjectRepository projects;
    private final Plans plans;

    public WebhookPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            WebhookRepository webhooks, ProjectRepository projects, Plans plans) {
        this.bootstrap = bootstrap;
        this.webhooks = webhooks;
        this.projects = projects;
        this.plans = plans;
        this.producer = ControlTopics.producer(bootstrap, "query-api-webhooks",
                EventlaneSerdes.webhookEndpoint().serializer());
    }

    void start(@Observes StartupEvent startup) {
        TopicAdmin.ensure(bootstrap, TOPIC, 1,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        republishAll();
    }

    /** Publishes one endpoint (a tombstone once deleted) and waits for the broker. */
    public void publish(Webhook webhook) {
        ControlTopics.awaitAcks(List.of(producer.send(record(webhook, webhook.deletedAt == null))),
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
                    producer.send(record(webhook,
                            webhook.deletedAt == null && withWebhooks.contains(webhook.projectId)));
                }
            });
            producer.flush();
        } catch (RuntimeException e) {
            LOG.warnf("Republishing webhook endpoints failed: %s", e.getMessage());
        }
    }

    private static ProducerRecord<String, WebhookEndpoint> record(Webhook webhook, boolean live) {
        String key = RecordKeys.owned(webhook.projectId.toString(), webhook.id.toString());
        if (!live) {
            return new ProducerRecord<>(TOPIC, key, null);
        }
        return new ProducerRecord<>(TOPIC, key, WebhookEndpoint.newBuilder().setEndpointId(webhook.id.toString())
                .setProjectId(webhook.projectId.toString()).setUrl(webhook.url).setKinds(webhook.kindList())
                .setSecret(webhook.secret).setChurnThresholdPct(webhook.churnThresholdPct)
                .setRevenueDropPct(webhook.revenueDropPct).build());
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
