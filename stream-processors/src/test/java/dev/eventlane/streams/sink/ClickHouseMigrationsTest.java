package dev.eventlane.streams.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseMigrations;
import dev.eventlane.testkit.Stack;

/** The ClickHouse migrations on a real ClickHouse 18.16, in a database of their own. */
class ClickHouseMigrationsTest {

    private final ClickHouseClient clickhouse = new ClickHouseClient(Stack.get().clickHouse().httpUrl(),
            "migrations_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10), Duration.ofSeconds(30));

    @AfterEach
    void dropDatabase() {
        clickhouse.executeWithoutDatabase("DROP DATABASE IF EXISTS `" + clickhouse.database() + "`");
    }

    @Test
    void filesRunTwiceAsByTwoServicesStartingAtOnceBreakNothing() {
        ClickHouseMigrations.apply(clickhouse);
        String applied = clickhouse.selectOne("SELECT count() FROM schema_migrations");
        clickhouse.execute("INSERT INTO sessions (project_id, user_id, session_id, start_ms, end_ms, deleted,"
                + " kafka_offset) VALUES ('p', 'u', 's', 1000, 2000, 0, 7)");
        // Nothing recorded: every file runs again, as when another service applied them but had not recorded them.
        clickhouse.execute("DROP TABLE schema_migrations");

        ClickHouseMigrations.apply(clickhouse);

        assertThat(clickhouse.selectOne("SELECT count() FROM schema_migrations")).isEqualTo(applied);
        assertThat(clickhouse.select("SELECT row_start_ms, end_ms FROM sessions_by_start FINAL WHERE row_deleted = 0"))
                .containsExactly(new String[] {"1000", "2000"});
    }

    @Test
    void aSessionWhoseStartMovedLeavesOneLiveRowUnderItsNewStart() {
        ClickHouseMigrations.apply(clickhouse);
        clickhouse.execute("INSERT INTO sessions (project_id, user_id, session_id, start_ms, end_ms, deleted,"
                + " replaced_start_ms, kafka_offset) VALUES ('p', 'u', 's', 1000, 2000, 0, 0, 1)");
        clickhouse.execute("INSERT INTO sessions (project_id, user_id, session_id, start_ms, end_ms, deleted,"
                + " replaced_start_ms, kafka_offset) VALUES ('p', 'u', 's', 500, 2000, 0, 1000, 2)");

        assertThat(clickhouse.select("SELECT row_start_ms, row_deleted FROM sessions_by_start FINAL"
                + " ORDER BY row_start_ms")).containsExactly(new String[] {"500", "0"}, new String[] {"1000", "1"});
    }
}
