package dev.eventlane.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "eventlane.clickhouse")
public interface ClickHouseConfig {

    /** ClickHouse HTTP endpoint, e.g. http://127.0.0.1:8123. */
    String url();

    @WithDefault("eventlane")
    String database();
}
