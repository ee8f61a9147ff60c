package dev.eventlane.query.control.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.platform.webhooks.TestDeliveries;
import dev.eventlane.query.control.model.Project;
import dev.eventlane.query.control.model.Webhook;
import dev.eventlane.query.control.model.WebhookRepository;
import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Test deliveries: an owner asks for one to check an endpoint, and it is raised on the alerts topic as an alert of
 * kind {@code test} naming that endpoint, so the dispatcher signs, sends, retries and logs it exactly as it does real
 * alerts; the alert sink does not store it as an alert that fired. It goes straight to Kafka, not through the
 * control outbox: it is not state to publish, and a pipeline topic that is missing must not hold the outbox back.
 */
@ApplicationScoped
public class WebhookTests {

    private static final Logger LOG = Logger.getLogger(WebhookTests.class);
    /** How long a request waits for the broker's acknowledgement before it is answered 503. */
    private static final long ACK_TIMEOUT_MS = 5000;

    private final Tenancy tenancy;
    private final WebhookRepository webhooks;
    private final Plans plans;
    private final KafkaSettings kafka;
    private final ObjectMapper json;
    private Producer<String, Alert> producer;

    public WebhookTests(Tenancy tenancy, WebhookRepository webhooks, Plans plans, KafkaSettings kafka,
            ObjectMapper json) {
        this.tenancy = tenancy;
        this.webhooks = webhooks;
        this.plans = plans;
        this.kafka = kafka;
        this.json = json;
    }

    /** What the caller is told: the ids to look for in the delivery log and at the receiver. */
    public record Sent(String alertId, String deliveryId, String webhookId, Instant triggeredAt) {
    }

    /** Raises a test delivery to the project's live endpoint; owners only, on a plan with webhooks. */
    public Sent send(UUID userId, String orgId, String projectId, String webhookId) {
        Project project = tenancy.ownedProject(userId, orgId, projectId);
        Webhook webhook = webhooks.ofProject(project.id, Validate.id("webhook", webhookId))
                .filter(found -> found.deletedAt == null)
                .orElseThrow(() -> ControlException.notFound("webhook"));
        if (!plans.of(project.plan).webhooks()) {
            throw new ControlException(402, "PLAN_UPGRADE_REQUIRED", "Webhooks come with the supporter plan and up;"
                    + " project " + project.slug + " is on " + project.plan);
        }
        Instant now = Instant.now();
        String alertId = TestDeliveries.ALERT_ID_PREFIX + UUID.randomUUID().toString().replace("-", "");
        Alert alert = Alert.newBuilder().setAlertId(alertId).setProjectId(project.id.toString())
                .setKind(TestDeliveries.KIND).setEndpointId(webhook.id.toString()).setTriggeredAt(now)
                .setPayload(payload(webhook, project, now)).build();
        publish(alert);
        return new Sent(alertId, TestDeliveries.deliveryId(alertId, webhook.id.toString()), webhook.id.toString(),
                now);
    }

    private String payload(Webhook webhook, Project project, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", TestDeliveries.KIND);
        body.put("triggered_at", now.toString());
        body.put("project", project.slug);
        body.put("webhook_id", webhook.id.toString());
        body.put("message", "A test delivery from Eventlane: this endpoint receives and can verify its webhooks.");
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a test payload", e);
        }
    }

    private void publish(Alert alert) {
        try {
            producer().send(new ProducerRecord<>(Topics.ALERTS, alert.getProjectId(), alert))
                    .get(ACK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.warnf("A test delivery could not be raised: %s", e.getMessage());
            throw ControlException.unavailable("The pipeline did not take the test delivery; try again later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ControlException.unavailable("Interrupted while raising the test delivery");
        }
    }

    /** Made on first use: most instances never send a test. */
    private synchronized Producer<String, Alert> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(kafka.with(Map.of(
                    ProducerConfig.CLIENT_ID_CONFIG, "query-api-webhook-tests",
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 0,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4500)),
                    new StringSerializer(), EventlaneSerdes.alert().serializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
