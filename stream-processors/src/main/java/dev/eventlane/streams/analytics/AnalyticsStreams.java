package dev.eventlane.streams.analytics;

import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.eclipse.microprofile.config.Config;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.schemas.Event;
import dev.eventlane.streams.alerts.AlertRules;
import dev.eventlane.streams.alerts.AlertsTopology;
import dev.eventlane.streams.alerts.Notifications;
import dev.eventlane.streams.config.AlertsConfig;
import dev.eventlane.streams.config.AnalyticsConfig;
import dev.eventlane.streams.config.StreamsApplication;
import dev.eventlane.streams.config.TopicsConfig;

/**
 * The analytics stage as a Kafka Streams application of its own ({@link AnalyticsConfig#applicationId()}), beside
 * the de-duplication that Quarkus runs: a busy analytics stage never queues the raw path (events reach ClickHouse
 * through de-duplication only). Logsh notifications and the counting of alert rules run here too (see
 * {@link dev.eventlane.streams.alerts.AlertsStreams} for the rest of alerting).
 */
@ApplicationScoped
public class AnalyticsStreams {

    private StreamsApplication application;

    /** After the topics exist (TopicsInitializer runs at priority 1). */
    void start(@Observes @Priority(10) StartupEvent startup, AnalyticsConfig config, AlertsConfig alerts,
            TopicsConfig topics, KafkaSettings kafka, Config mpConfig, MeterRegistry registry) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Event> events = new AnalyticsTopology(config.publishInterval(), config.funnelWindow(),
                Set.copyOf(config.revenueActions())).addTo(builder);
        // The alerting that needs every event runs here, on events already decoded: in an application of its own it
        // decoded (or at least polled) every event a second time, which cost analytics freshness on two cores.
        if (alerts.enabled()) {
            Notifications.addTo(events);
            AlertRules.addTo(builder, AlertsTopology.addRulesStore(builder), events,
                    new AlertRules.Settings(alerts.checkInterval(), topics.partitions()));
        }
        application = StreamsApplication.start("Analytics", config.applicationId(), config.commitInterval(),
                builder.build(), kafka, mpConfig, registry);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (application != null) {
            application.close();
        }
    }

    public Optional<StreamsApplication> application() {
        return Optional.ofNullable(application);
    }
}
