package dev.eventlane.streams.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.eventlane.schemas.pipeline.StreamsApplications;

@ConfigMapping(prefix = "eventlane.analytics")
public interface AnalyticsConfig {

    /** The analytics stage's Kafka Streams application id: its consumer group and the prefix of its own topics. */
    @WithDefault(StreamsApplications.ANALYTICS)
    String applicationId();

    /**
     * How often changed sessions and users' overall funnel levels are published: a session or user busy with events
     * is written once per interval.
     */
    @WithDefault("1s")
    Duration publishInterval();

    /**
     * How often the analytics stage commits: under exactly-once, when its output becomes visible. Each commit is a
     * transaction over some forty partitions (producer flush, offsets, markers): on a quiet broker 300 ms instead of
     * 100 saved about 2% of the CPU of stream-processors and a tenth of Kafka's at 10k events/s, but on a loaded one
     * a commit took about 57 ms and commits were 30% of the stream thread at 100 ms, and on the web load harness
     * 500 ms cost 29% less CPU per event than 100 ms, 1 s no less than 500 ms (BENCHMARKS.md). A commit waits
     * for the whole interval at worst, and it adds to the sessions' publish interval (1 s), the sink's flush (200 ms)
     * and de-duplication's commit (100 ms) on the way to {@code GET /sessions}: 250 ms keeps that sum, the worst
     * case of analytics freshness without queueing, near 1.55 s, inside the 2 s p99 target with room for queueing,
     * while committing 2.5 times less often than 100 ms. 500 ms would leave 0.2 s of room; 1 s none.
     */
    @WithDefault("250ms")
    Duration commitInterval();

    /** The window of users' current funnel progress (published on {@code funnel-progress}). */
    @WithDefault("7d")
    Duration funnelWindow();

    /** Actions whose events are revenue; their {@code data.amount} is summed. */
    @WithDefault("purchase")
    List<String> revenueActions();
}
