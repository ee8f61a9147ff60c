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

    /**
     * The user to log in as ({@code EVENTLANE_CLICKHOUSE_USER}); unset: the server's {@code default} user. query-api
     * writes (migrations, {@code DELETE /events}, retention purges) as this user, and reads too unless
     * {@link #reader()} names a user of its own.
     */
    Optional<String> user();

    /** That user's password ({@code EVENTLANE_CLICKHOUSE_PASSWORD}); never logged. */
    Optional<String> password();

    /**
     * The user every SELECT runs as ({@code EVENTLANE_CLICKHOUSE_READER_USER}, {@code ..._READER_PASSWORD}): give it a
     * profile with {@code readonly=2}, so that ClickHouse itself refuses any write through the read path.
     */
    Reader reader();

    interface Reader {

        Optional<String> user();

        /** Never logged. */
        Optional<String> password();
    }

    /** The login of writes, if a user is configured. */
    default ClickHouseClient.Login login() {
        return user().map(name -> new ClickHouseClient.Login(name, password().orElse(""))).orElse(null);
    }

    /** The login of reads: the reader if one is configured, otherwise {@link #login()}. */
    default ClickHouseClient.Login readLogin() {
        return reader().user().map(name -> new ClickHouseClient.Login(name, reader().password().orElse("")))
                .orElseGet(this::login);
    }
}
