package dev.eventlane.platform.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.eventlane.platform.clickhouse.ClickHouseClient;

@ConfigMapping(prefix = "eventlane.clickhouse")
public interface ClickHouseConfig {

    /** ClickHouse HTTP endpoint; by default ClickHouse's own port on this host (the services set theirs). */
    @WithDefault("http://127.0.0.1:8123")
    String url();

    @WithDefault("eventlane")
    String database();

    /** The user to log in as ({@code EVENTLANE_CLICKHOUSE_USER}); unset: the server's {@code default} user. */
    Optional<String> user();

    /** That user's password ({@code EVENTLANE_CLICKHOUSE_PASSWORD}); never logged. */
    Optional<String> password();

    /** The login, if a user is configured. */
    default ClickHouseClient.Login login() {
        return user().map(name -> new ClickHouseClient.Login(name, password().orElse(""))).orElse(null);
    }
}
