package dev.eventlane.streams.config;

import java.time.Duration;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import dev.eventlane.platform.kafka.KafkaSettings;

/**
 * A Kafka Streams application of its own beside the one Quarkus runs (de-duplication): its own application id,
 * consumer group and stream thread, so that one stage never queues another. It takes every {@code kafka-streams.*}
 * setting the Quarkus-managed application has (exactly-once, state directory, RocksDB budget), all but the commit
 * interval, which each application sets for itself. Under those lie the service's shared Kafka connection settings
 * ({@code kafka.*}: brokers, SASL, TLS), as under the Quarkus-managed application; a {@code kafka-streams.*} setting
 * of the same name wins.
 */
public final class StreamsApplication {

    private static final Logger LOG = Logger.getLogger(StreamsApplication.class);
    private static final String STREAMS_PREFIX = "kafka-streams.";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics metrics;

    private StreamsApplication(String name, KafkaStreams streams, KafkaStreamsMetrics metrics) {
        this.name = name;
        this.streams = streams;
        this.metrics = metrics;
    }

    /**
     * Builds and starts the application; its metrics go to {@code registry}.
     *
     * @param commitInterval the application's own commit interval (de-duplication's is
     *        {@code kafka-streams.commit.interval.ms})
     */
    public static StreamsApplication start(String name, String applicationId, Duration commitInterval,
            Topology topology, KafkaSettings kafka, Config mpConfig, MeterRegistry registry) {
        Properties props = new Properties();
        props.putAll(kafka.asMap());
        for (String property : mpConfig.getPropertyNames()) {
            if (property.startsWith(STREAMS_PREFIX)) {
                mpConfig.getOptionalValue(property, String.class)
                        .ifPresent(value -> props.put(property.substring(STREAMS_PREFIX.length()), value));
            }
        }
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setStateListener((next, previous) -> LOG.infof("%s streams %s -> %s", name, previous, next));
        streams.setUncaughtExceptionHandler(new StreamThreadReplacer());
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        streams.start();
        return new StreamsApplication(name, streams, metrics);
    }

    public void close() {
        metrics.close();
        streams.close(CLOSE_TIMEOUT);
    }

    public String name() {
        return name;
    }

    /** Running or rebalancing: not failed, not shut down. */
    public boolean isRunning() {
        return streams.state().isRunningOrRebalancing();
    }

    /** Shut down after a failure ({@link StreamThreadReplacer} gave up): only a restart of the process helps. */
    public boolean hasFailed() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
    }

    public String state() {
        return streams.state().name();
    }
}
