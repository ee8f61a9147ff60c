package dev.eventlane.query.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.query.live.LiveFeed;

/** The live feed's consumer of the de-duplicated events, started with the service so it waits at the topic's end. */
@ApplicationScoped
public class LiveFeedProducer {

    @Produces
    @Singleton
    @Startup
    LiveFeed liveFeed(KafkaSettings kafka, PipelineConfig pipeline, MeterRegistry registry) {
        LiveFeed feed = LiveFeed.start(kafka, pipeline.uniqueEventsTopic());
        Gauge.builder("eventlane.live.clients", feed, LiveFeed::clientCount).register(registry);
        Gauge.builder("eventlane.live.clients.dropped", feed, LiveFeed::droppedClients).register(registry);
        return feed;
    }

    void close(@Disposes LiveFeed feed) {
        feed.close();
    }
}
