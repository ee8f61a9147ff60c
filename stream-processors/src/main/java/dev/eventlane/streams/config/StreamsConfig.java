package dev.eventlane.streams.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "eventlane")
public interface StreamsConfig {

    /** ClickHouse HTTP endpoint, e.g. http://127.0.0.1:8123. */
    @WithName("clickhouse.url")
    String clickhouseUrl();

    @WithName("clickhouse.database")
    @WithDefault("eventlane")
    String clickhouseDatabase();

    /** Rows per ClickHouse insert at most; one insert is one block, stored whole or not at all. */
    @WithName("sink.batch-rows")
    @WithDefault("50000")
    int sinkBatchRows();

    /** How long a row may wait in the sink's buffer: bounds how soon an event is visible to queries. */
    @WithName("sink.max-delay")
    @WithDefault("200ms")
    Duration sinkMaxDelay();

    /** Partitions of the topics created at start-up when missing. */
    @WithName("topics.partitions")
    @WithDefault("6")
    int topicPartitions();
}
