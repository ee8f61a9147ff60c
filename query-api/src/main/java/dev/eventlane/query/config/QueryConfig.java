package dev.eventlane.query.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "eventlane.query")
public interface QueryConfig {

    /** Longest a ClickHouse query may run before the client gets a 503. */
    @WithDefault("30s")
    Duration timeout();

    /** How long {@code DELETE /events} waits for ClickHouse to finish the deletion before answering. */
    @WithDefault("60s")
    Duration deleteTimeout();
}
