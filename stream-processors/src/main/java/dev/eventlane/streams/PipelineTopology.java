package dev.eventlane.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

import dev.eventlane.streams.dedup.DedupTopology;

/**
 * The Kafka Streams topology Quarkus runs: de-duplication, the raw path. The analytics stage built on its output is
 * an application of its own ({@link dev.eventlane.streams.analytics.AnalyticsStreams}).
 */
@ApplicationScoped
public class PipelineTopology {

    @Produces
    public Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        DedupTopology.addTo(builder);
        return builder.build();
    }
}
