package dev.eventlane.query.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "eventlane")
public interface QueryConfig {

    /** ClickHouse HTTP endpoint, e.g. http://127.0.0.1:8123. */
    @WithName("clickhouse.url")
    String clickhouseUrl();

    @WithName("clickhouse.database")
    @WithDefault("eventlane")
    String clickhouseDatabase();

    /** Longest a query may run before the client gets a 503. */
    @WithName("query.timeout")
    @WithDefault("30s")
    Duration queryTimeout();

    /** How long {@code DELETE /events} waits for ClickHouse to finish the deletion before answering. */
    @WithName("query.delete-timeout")
    @WithDefault("60s")
    Duration deleteTimeout();

    /** API keys as {@code key=projectId} pairs, until the control plane serves keys. */
    @WithName("auth.static-keys")
    Optional<List<String>> staticKeys();
}
