package dev.eventlane.streams.analytics;

import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.streams.StreamsBuilder;
import org.eclipse.microprofile.config.Config;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.eventlane.streams.config.AnalyticsConfig;
import dev.eventlane.streams.config.StreamsApplication;

/**
 * The analytics stage as a Kafka Streams application of its own ({@link AnalyticsConfig#applicationId()}), beside
 * the de-duplication that Quarkus runs: a busy analytics stage never queues the raw path (events reach ClickHouse
 * through de-duplication only).
 */
@ApplicationScoped
public class AnalyticsStreams {

    private StreamsApplication application;

    /** After the topics exist (TopicsInitializer runs at priority 1). */
    void start(@Observes @Priority(10) StartupEvent startup, AnalyticsConfig config, Config mpConfig,
            MeterRegistry registry) {
        StreamsBuilder builder = new StreamsBuilder();
        new AnalyticsTopology(config.publishInterval(), config.funnelWindow(), Set.copyOf(config.revenueActions()))
                .addTo(builder);
        application = StreamsApplication.start("Analytics", config.applicationId(), builder.build(), mpConfig,
                registry);
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
