package dev.eventlane.query.analytics.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseException;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.query.config.QueryLimitsConfig;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;

/** Every SELECT of query-api runs read-only, under ClickHouse's own time and memory limits, and dies with its caller. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
@TestProfile(ClickHouseLimitsTest.SmallLimits.class)
class ClickHouseLimitsTest {

    private static final long MEMORY_LIMIT = 50_000_000;

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eventlane.query.limits.max-memory-usage", Long.toString(MEMORY_LIMIT),
                    "eventlane.query.limits.max-execution-time", "120s");
        }
    }

    @Inject
    ClickHouseClient clickhouse;

    @Inject
    QueryLimitsConfig limits;

    @Test
    void readsRunReadOnlyUnderTheConfiguredLimits() {
        Map<String, String> settings = clickhouse.select("SELECT name, value FROM system.settings WHERE name IN"
                + " ('readonly', 'max_execution_time', 'max_memory_usage')").stream()
                .collect(Collectors.toMap(row -> row[0], row -> row[1]));
        assertThat(settings).containsEntry("readonly", "2").containsEntry("max_execution_time", "120")
                .containsEntry("max_memory_usage", Long.toString(MEMORY_LIMIT));
        clickhouse.execute("CREATE TABLE IF NOT EXISTS readonly_probe (x UInt8) ENGINE = Memory");
        // With the FORMAT clause select() appends, a valid INSERT (of no rows): refused in readonly mode.
        assertThatThrownBy(() -> clickhouse.select("INSERT INTO readonly_probe (x)"))
                .isInstanceOf(ClickHouseException.class).hasMessageContaining("readonly");
        assertThat(clickhouse.selectOne("SELECT count() FROM readonly_probe")).isEqualTo("0");
    }

    @Test
    void aQueryOverTheMemoryLimitIsStoppedByClickHouse() {
        assertThatThrownBy(() -> clickhouse.select("SELECT length(groupArray(number)) FROM numbers(20000000)"))
                .isInstanceOf(ClickHouseException.class).hasMessageContaining("Memory limit");
    }

    @Test
    void queriesWhoseCallerTimedOutAreKilled() throws Exception {
        ClickHouseClient impatient = new ClickHouseClient(Stack.get().clickHouse().httpUrl(),
                Stack.CLICKHOUSE_DATABASE, Duration.ofSeconds(1), limits.settings());
        String marker = "slow-" + UUID.randomUUID();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // About ten minutes of work: only the kill, not ClickHouse's 120 s limit, ends it within the bound.
            calls.add(callers.submit(() -> impatient.select("SELECT count(), " + Sql.quote(marker)
                    + " FROM numbers(1000000000000)")));
        }
        for (Future<?> call : calls) {
            assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ClickHouseException.class);
        }
        callers.shutdown();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(clickhouse.selectOne(
                "SELECT count() FROM system.processes WHERE query LIKE " + Sql.quote("%" + marker + "%")
                        + " AND query NOT LIKE '%system.processes%'")).isEqualTo("0"));
    }
}
