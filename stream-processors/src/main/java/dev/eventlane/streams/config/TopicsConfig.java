package dev.eventlane.streams.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "eventlane.topics")
public interface TopicsConfig {

    /** Partitions of the topics created at start-up when missing. */
    @WithDefault("6")
    int partitions();
}
