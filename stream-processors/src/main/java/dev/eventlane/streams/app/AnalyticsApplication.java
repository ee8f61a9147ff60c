package dev.eventlane.streams.app;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.eclipse.microprofile.config.Config;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.pipeline.StreamsApplications;
import dev.eventlane.streams.alerts.AlertRules;
import dev.eventlane.streams.alerts.Notifications;
import dev.eventlane.streams.analytics.AnalyticsTopology;
import dev.eventlane.streams.config.AlertsConfig;
import dev.eventlane.streams.config.AnalyticsConfig;
import dev.eventlane.streams.config.StreamsApplication;
import dev.eventlane.streams.config.TopicsConfig;
import dev.eventlane.streams.schema.SchemaDiscovery;
import dev.eventlane.streams.shared.GlobalStores;

/**
 * The analytics stage ({@value StreamsApplications#ANALYTICS} unless configured), a Kafka Streams application of its
 * own beside de-duplication: a busy analytics stage never queues the raw path (events reach ClickHouse through
 * de-duplication only). Logsh notifications and the counting of alert rules run here too, on events already decoded:
 * in an application of their own they decoded (or at least polled) every event a second time, which cost analytics
 * freshness on two cores. Schema discovery counts the names and keys of events and logs here too
 * ({@link SchemaDiscovery}). The rest of alerting is {@link AlertsApplication}.
 */
@ApplicationScoped
public class AnalyticsApplication {

    private final AnalyticsConfig config;
    private final AlertsConfig alerts;
    private final TopicsConfig topics;
    private final KafkaSettings kafka;
    private final Config mpConfig;
    private final MeterRegistry registry;
    private StreamsApplication application;

    public AnalyticsApplication(AnalyticsConfig config, AlertsConfig alerts, TopicsConfig topics, KafkaSettings kafka,
            Config mpConfig, MeterRegistry registry) {
        this.config = config;
        this.alerts = alerts;
        this.topics = topics;
        this.kafka = kafka;
        this.mpConfig = mpConfig;
        this.registry = registry;
    }

    /**
     * What the topology depends on.
     *
     * @param alertRules the settings of alert rule counting, empty when alerting is turned off (then neither
     *        notifications nor rules run)
     */
    public record Settings(Duration publishInterval, Duration funnelWindow, Set<String> revenueActions,
            Optional<AlertRules.Settings> alertRules) {

        static Settings of(AnalyticsConfig config, AlertsConfig alerts, TopicsConfig topics) {
            Optional<AlertRules.Settings> rules = alerts.enabled()
                    ? Optional.of(new AlertRules.Settings(alerts.checkInterval(), topics.partitions()))
                    : Optional.empty();
            return new Settings(config.publishInterval(), config.funnelWindow(), Set.copyOf(config.revenueActions()),
                    rules);
        }
    }

    public static Topology topology(Settings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Event> events = new AnalyticsTopology(settings.publishInterval(), settings.funnelWindow(),
                settings.revenueActions()).addTo(builder);
        KStream<String, LogEntry> logs = SchemaDiscovery.logs(builder);
        SchemaDiscovery.addTo(builder, events, logs, SchemaDiscovery.PUBLISH_INTERVAL, SchemaDiscovery.Caps.DEFAULT);
        if (settings.alertRules().isPresent()) {
            Notifications.addTo(events);
            AlertRules.addTo(builder, GlobalStores.addRulesStore(builder), events, logs, settings.alertRules().get());
        }
        return builder.build();
    }

    void start() {
        application = StreamsApplication.start("Analytics", config.applicationId(), config.commitInterval(),
                topology(Settings.of(config, alerts, topics)), kafka, mpConfig, registry);
    }

    void stop() {
        if (application != null) {
            application.close();
        }
    }

    public Optional<StreamsApplication> application() {
        return Optional.ofNullable(application);
    }
}
