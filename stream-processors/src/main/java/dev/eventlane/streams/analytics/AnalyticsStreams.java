package dev.eventlane.streams.analytics;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.eventlane.streams.config.AnalyticsConfig;

/**
 * The analytics stage as a Kafka Streams application of its own ({@link AnalyticsConfig#applicationId()}), beside
 * the de-duplication that Quarkus runs: each has its own stream thread, so a busy analytics stage never queues the
 * raw path (events reach ClickHouse through de-duplication only). It takes every {@code kafka-streams.*} setting
 * the Quarkus-managed application has (exactly-once, commit interval, state directory, RocksDB budget).
 */
@ApplicationScoped
public class AnalyticsStreams {

    private static final Logger LOG = Logger.getLogger(AnalyticsStreams.class);
    private static final String STREAMS_PREFIX = "kafka-streams.";

    private KafkaStreams streams;
    private KafkaStreamsMetrics metrics;

    /** After the topics exist (TopicsInitializer runs at priority 1). */
    void start(@Observes @Priority(10) StartupEvent startup, AnalyticsConfig config, Config mpConfig,
            MeterRegistry registry) {
        Properties props = new Properties();
        for (String name : mpConfig.getPropertyNames()) {
            if (name.startsWith(STREAMS_PREFIX)) {
                mpConfig.getOptionalValue(name, String.class)
                        .ifPresent(value -> props.put(name.substring(STREAMS_PREFIX.length()), value));
            }
        }
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, mpConfig.getValue("kafka.bootstrap.servers", String.class));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        streams = new KafkaStreams(topology(config.publishInterval(), config.funnelWindow(),
                Set.copyOf(config.revenueActions())), props);
        streams.setStateListener((next, previous) -> LOG.infof("Analytics streams %s -> %s", previous, next));
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        streams.start();
    }

    private static Topology topology(Duration publishInterval, Duration funnelWindow, Set<String> revenueActions) {
        StreamsBuilder builder = new StreamsBuilder();
        new AnalyticsTopology(publishInterval, funnelWindow, revenueActions).addTo(builder);
        return builder.build();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (streams != null) {
            metrics.close();
            streams.close(Duration.ofSeconds(30));
        }
    }

    /** Running or rebalancing: not failed, not shut down. */
    public boolean isRunning() {
        return streams != null && streams.state().isRunningOrRebalancing();
    }

    public String state() {
        return streams == null ? "NOT_STARTED" : streams.state().name();
    }
}
