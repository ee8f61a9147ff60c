package dev.eventlane.streams.alerts;

import java.util.Map;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.eclipse.microprofile.config.Config;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.WebhookAttempt;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.streams.config.AlertsConfig;
import dev.eventlane.streams.config.StreamsApplication;
import dev.eventlane.streams.config.Topics;
import dev.eventlane.streams.config.TopicsConfig;
import dev.eventlane.streams.webhooks.Backoff;
import dev.eventlane.streams.webhooks.WebhookDispatch;
import dev.eventlane.streams.webhooks.WebhookSender;

/**
 * Alerting as a Kafka Streams application of its own ({@link AlertsConfig#applicationId()}): detection and webhook
 * delivery never hold the analytics stage or the raw path, nor the other way round. The HTTP sender writes its
 * attempt records with a producer of its own (idempotent, acks from all replicas).
 */
@ApplicationScoped
public class AlertsStreams {

    private Producer<String, WebhookAttempt> attempts;
    private WebhookSender sender;
    private StreamsApplication application;

    /** After the topics exist (TopicsInitializer runs at priority 1). */
    void start(@Observes @Priority(11) StartupEvent startup, AlertsConfig config, TopicsConfig topics,
            Config mpConfig, MeterRegistry registry) {
        AlertsConfig.Webhooks webhooks = config.webhooks();
        attempts = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, mpConfig.getValue("kafka.bootstrap.servers", String.class),
                ProducerConfig.CLIENT_ID_CONFIG, "webhook-attempts",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), EventlaneSerdes.webhookAttempt().serializer());
        sender = new WebhookSender(attempts, Topics.WEBHOOK_ATTEMPTS,
                new Backoff(webhooks.initialBackoff(), webhooks.maxBackoff(), webhooks.giveUpAfter()),
                webhooks.timeout(), webhooks.allowPrivateNetworks());

        StreamsBuilder builder = new StreamsBuilder();
        AlertsTopology.addEndpointsStore(builder);
        ChurnSpikes.addTo(builder, new ChurnSpikes.Settings(config.churnWindow(), config.churnMinUsers(),
                config.rearmMargin(), config.checkInterval()));
        RevenueDrops.addTo(builder, new RevenueDrops.Settings(config.revenueGrace(), config.rearmMargin(),
                config.checkInterval()));
        KStream<String, Event> events = AlertsTopology.uniqueEvents(builder);
        Notifications.addTo(events);
        AlertsTopology.addRulesStore(builder);
        AlertRules.addTo(builder, events, new AlertRules.Settings(config.checkInterval(), topics.partitions()));
        WebhookDispatch.addTo(builder, WebhookDispatch.Names.DEFAULT, webhooks.scanInterval(),
                webhooks.maxInFlightPerEndpoint(), webhooks.timeout(), sender);
        application = StreamsApplication.start("Alerts", config.applicationId(), builder.build(), mpConfig, registry);
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
