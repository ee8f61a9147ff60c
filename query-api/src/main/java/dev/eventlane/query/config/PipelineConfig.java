package dev.eventlane.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.eventlane.schemas.pipeline.StreamsApplications;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Where the pipeline's stages read and who reads: an erasure ({@code DELETE /events?user_id=}) follows the user's
 * events through them. The defaults are the stages' own names (ingest-api, stream-processors).
 */
@ConfigMapping(prefix = "eventlane.pipeline")
public interface PipelineConfig {

    /** The topic ingest publishes accepted events to. */
    @WithDefault(Topics.EVENTS)
    String eventsTopic();

    /** The topic of unique events (the de-duplication stage's output). */
    @WithDefault(Topics.EVENTS_UNIQUE)
    String uniqueEventsTopic();

    /** The de-duplication stage's Kafka Streams application id (its consumer group). */
    @WithDefault(StreamsApplications.DEDUP)
    String dedupGroup();

    /** The analytics stage's Kafka Streams application id (its consumer group). */
    @WithDefault(StreamsApplications.ANALYTICS)
    String analyticsGroup();
}
