package dev.eventlane.streams.app;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.Config;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.schemas.WebhookAttempt;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.StreamsApplications;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.alerts.ChurnSpikes;
import dev.eventlane.streams.alerts.RevenueDrops;
import dev.eventlane.streams.config.AlertsConfig;
import dev.eventlane.streams.config.StreamsApplication;
import dev.eventlane.streams.shared.GlobalStore;
import dev.eventlane.streams.shared.GlobalStores;
import dev.eventlane.streams.webhooks.Backoff;
import dev.eventlane.streams.webhooks.WebhookDispatch;
import dev.eventlane.streams.webhooks.WebhookSender;

/**
 * Alerting ({@value StreamsApplications#ALERTS} unless configured), a Kafka Streams application of its own beside
 * the analytics stage and the raw path: churn spikes, revenue drops and the webhook dispatcher. (Logsh notifications
 * and alert rules read every event, so they run in {@link AnalyticsApplication}, which decodes every event anyway.)
 * The HTTP sender writes its attempt records with a producer of its own (idempotent, acks from all replicas). Nothing
 * runs when alerting is turned off ({@link AlertsConfig#enabled()}).
 */
@ApplicationScoped
public class AlertsApplication {

    private final AlertsConfig config;
    private final KafkaSettings kafka;
    private final Config mpConfig;
    private final MeterRegistry registry;
    private Producer<String, WebhookAttempt> attempts;
    private WebhookSender sender;
    private StreamsApplication application;

    public AlertsApplication(AlertsConfig config, KafkaSettings kafka, Config mpConfig, MeterRegistry registry) {
        this.config = config;
        this.kafka = kafka;
        this.mpConfig = mpConfig;
        this.registry = registry;
    }

    /**
     * What the topology depends on.
     *
     * @param scanInterval how often the dispatcher looks for deliveries that are due
     * @param perEndpoint attempts in flight to one endpoint at most
     * @param perProject attempts in flight to one project's endpoints at most
     * @param timeout the sender's timeout per attempt
     */
    public record Settings(ChurnSpikes.Settings churnSpikes, RevenueDrops.Settings revenueDrops,
            Duration scanInterval, int perEndpoint, int perProject, Duration timeout) {

        static Settings of(AlertsConfig config) {
            AlertsConfig.Webhooks webhooks = config.webhooks();
            return new Settings(
                    new ChurnSpikes.Settings(config.churnWindow(), config.churnMinUsers(), config.rearmMargin(),
                            config.checkInterval()),
                    new RevenueDrops.Settings(config.revenueGrace(), config.rearmMargin(), config.checkInterval()),
                    webhooks.scanInterval(), webhooks.maxInFlightPerEndpoint(), webhooks.maxInFlightPerProject(),
                    webhooks.timeout());
        }
    }

    public static Topology topology(Settings settings, WebhookSender sender) {
        StreamsBuilder builder = new StreamsBuilder();
        GlobalStore<WebhookEndpoint> endpoints = GlobalStores.addEndpointsStore(builder);
        ChurnSpikes.addTo(builder, endpoints, settings.churnSpikes());
        RevenueDrops.addTo(builder, endpoints, settings.revenueDrops());
        WebhookDispatch.addTo(builder, endpoints, WebhookDispatch.Names.DEFAULT, settings.scanInterval(),
                settings.perEndpoint(), settings.perProject(), settings.timeout(), sender);
        return builder.build();
    }

    void start() {
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
        application = StreamsApplication.start("Alerts", config.applicationId(), config.commitInterval(),
                topology(Settings.of(config), sender), kafka, mpConfig, registry);
    }

    /** The streams first, so that no delivery is handed to the sender after it closed. */
    void stop() {
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
