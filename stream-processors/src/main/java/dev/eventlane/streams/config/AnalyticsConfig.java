package dev.eventlane.streams.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "eventlane.analytics")
public interface AnalyticsConfig {

    /** The analytics stage's Kafka Streams application id: its consumer group and the prefix of its own topics. */
    @WithDefault("eventlane-analytics")
    String applicationId();

    /**
     * How often changed sessions and users' overall funnel levels are published: a session or user busy with events
     * is written once per interval.
     */
    @WithDefault("1s")
    Duration publishInterval();

    /** The window of users' current funnel progress (published on {@code funnel-progress}). */
    @WithDefault("7d")
    Duration funnelWindow();

    /** Actions whose events are revenue; their {@code data.amount} is summed. */
    @WithDefault("purchase")
    List<String> revenueActions();
}
