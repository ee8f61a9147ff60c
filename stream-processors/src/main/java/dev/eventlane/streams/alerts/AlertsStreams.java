package dev.eventlane.streams.alerts;

import java.util.Map;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.eclipse.microprofile.config.Config;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.schemas.WebhookAttempt;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.config.AlertsConfig;
import dev.eventlane.streams.config.StreamsApplication;
import dev.eventlane.streams.webhooks.Backoff;
import dev.eventlane.streams.webhooks.WebhookDispatch;
import dev.eventlane.streams.webhooks.WebhookSender;

/**
 * Alerting as a Kafka Streams application of its own ({@link AlertsConfig#applicationId()}): churn spikes, revenue
 * drops and the webhook dispatcher, beside the analytics stage and the raw path. (Logsh notifications and alert
 * rules read every event, so they run in the analytics stage, which decodes every event anyway.) The HTTP sender
 * writes its attempt records with a producer of its own (idempotent, acks from all replicas). Nothing runs when
 * alerting is turned off ({@link AlertsConfig#enabled()}).
 */
@ApplicationScoped
public class AlertsStreams {

    private Producer<String, WebhookAttempt> attempts;
    private WebhookSender sender;
    private StreamsApplication application;

    /** After the topics exist (TopicsInitializer runs at priority 1). */
    void start(@Observes @Priority(11) StartupEvent startup, AlertsConfig config, KafkaSettings kafka, Config mpConfig,
            MeterRegistry registry) {
        if (!config.enabled()) {
            return;
        }
        AlertsConfig.Webhooks webhooks = config.webhooks();
        attempts = new KafkaProducer<>(kafka.with(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "webhook-attempts",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0)),
                new StringSerializer(), EventlaneSerdes.webhookAttempt().serializer());
        sender = new WebhookSender(attempts, Topics.WEBHOOK_ATTEMPTS,
                new Backoff(webhooks.initialBackoff(), webhooks.maxBackoff(), webhooks.giveUpAfter()),
                webhooks.timeout(), webhooks.allowPrivateNetworks());

        StreamsBuilder builder = new StreamsBuilder();
        GlobalStore<WebhookEndpoint> endpoints = AlertsTopology.addEndpointsStore(builder);
        ChurnSpikes.addTo(builder, endpoints, new ChurnSpikes.Settings(config.churnWindow(), config.churnMinUsers(),
                config.rearmMargin(), config.checkInterval()));
        RevenueDrops.addTo(builder, endpoints, new RevenueDrops.Settings(config.revenueGrace(), config.rearmMargin(),
                config.checkInterval()));
        WebhookDispatch.addTo(builder, endpoints, WebhookDispatch.Names.DEFAULT, webhooks.scanInterval(),
                webhooks.maxInFlightPerEndpoint(), webhooks.maxInFlightPerProject(), webhooks.timeout(), sender);
        application = StreamsApplication.start("Alerts", config.applicationId(), config.commitInterval(),
                builder.build(), kafka, mpConfig, registry);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (application != null) {
            application.close();
        }
        if (sender != null) {
            sender.close();
            attempts.close();
        }
    }

    public Optional<StreamsApplication> application() {
        return Optional.ofNullable(application);
    }
}
