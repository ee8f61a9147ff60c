package dev.eventlane.streams;

import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

import dev.eventlane.streams.analytics.AnalyticsTopology;
import dev.eventlane.streams.config.AnalyticsConfig;
import dev.eventlane.streams.dedup.DedupTopology;

/** The one Kafka Streams topology of stream-processors: de-duplication, then the analytics built on unique events. */
@ApplicationScoped
public class PipelineTopology {

    @Produces
    public Topology topology(AnalyticsConfig config) {
        return build(config.publishInterval(), config.funnelWindow(), Set.copyOf(config.revenueActions()));
    }

    public static Topology build(Duration publishInterval, Duration funnelWindow,
            Set<String> revenueActions) {
        StreamsBuilder builder = new StreamsBuilder();
        DedupTopology.addTo(builder);
        new AnalyticsTopology(publishInterval, funnelWindow, revenueActions).addTo(builder);
        return builder.build();
    }
}
