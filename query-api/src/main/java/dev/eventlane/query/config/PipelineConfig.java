package dev.eventlane.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the pipeline's stages read and who reads: an erasure ({@code DELETE /events?user_id=}) follows the user's
 * events through them. The defaults are the stages' own names (ingest-api, stream-processors).
 */
@ConfigMapping(prefix = "eventlane.pipeline")
public interface PipelineConfig {

    /** The topic ingest publishes accepted events to. */
    @WithDefault("events")
    String eventsTopic();

    /** The topic of unique events (the de-duplication stage's output). */
    @WithDefault("events-unique")
    String uniqueEventsTopic();

    /** The de-duplication stage's Kafka Streams application id (its consumer group). */
    @WithDefault("eventlane-streams")
    String dedupGroup();

    /** The analytics stage's Kafka Streams application id (its consumer group). */
    @WithDefault("eventlane-analytics")
    String analyticsGroup();

    /** The ClickHouse sink of raw events: its consumer group. */
    @WithDefault("eventlane-clickhouse-sink")
    String eventsSinkGroup();

    /** The other ClickHouse sinks' groups are this, a dash and their table. */
    @WithDefault("eventlane-clickhouse-sink")
    String sinkGroupPrefix();
}
