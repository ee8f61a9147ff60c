package dev.eventlane.streams.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "eventlane.sink")
public interface SinkConfig {

    /** Rows per ClickHouse insert at most; one insert is one block, stored whole or not at all. */
    @WithDefault("50000")
    int batchRows();

    /** How long a row may wait in the sink's buffer: bounds how soon an event is visible to queries. */
    @WithDefault("200ms")
    Duration maxDelay();

    /**
     * A sink loop that has not shown it is alive for this long is stuck (it beats on every poll and every retry,
     * during outages too): liveness fails, so the orchestrator restarts the process.
     */
    @WithDefault("5m")
    Duration stallTimeout();
}
