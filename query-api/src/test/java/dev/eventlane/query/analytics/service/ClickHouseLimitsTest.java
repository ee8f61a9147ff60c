package dev.eventlane.query.analytics.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseException;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.query.config.ClickHouseWriter;
import dev.eventlane.query.config.QueryLimitsConfig;
import dev.eventlane.testkit.ClickHouseServer;
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
    @ClickHouseWriter
    ClickHouseClient writer;

    @Inject
    QueryLimitsConfig limits;

    @TestHTTPResource("/")
    URI base;

    @Test
    void readsRunReadOnlyUnderTheConfiguredLimits() {
        Map<String, String> settings = clickhouse.select("SELECT name, value FROM system.settings WHERE name IN"
                + " ('readonly', 'max_execution_time', 'max_memory_usage')").stream()
                .collect(Collectors.toMap(row -> row[0], row -> row[1]));
        assertThat(settings).containsEntry("readonly", "2").containsEntry("max_execution_time", "120")
                .containsEntry("max_memory_usage", Long.toString(MEMORY_LIMIT));
        writer.execute("CREATE TABLE IF NOT EXISTS readonly_probe (x UInt8) ENGINE = Memory");
        // With the FORMAT clause select() appends, a valid INSERT (of no rows): refused in readonly mode.
        assertThatThrownBy(() -> clickhouse.select("INSERT INTO readonly_probe (x)"))
                .isInstanceOf(ClickHouseException.class).hasMessageContaining("readonly");
        assertThat(clickhouse.selectOne("SELECT count() FROM readonly_probe")).isEqualTo("0");
    }

    /**
     * Reads log in as a user whose profile is read-only: ClickHouse refuses its writes even when the request asks
     * for none of the read settings or tries to lift them, while the writer's deletions still run.
     */
    @Test
    void theReadUserCannotWriteWhateverItAsks() {
        assertThat(userOf(clickhouse)).isEqualTo(ClickHouseServer.READ_ONLY_USER);
        assertThat(userOf(writer)).isEqualTo("default");
        writer.execute("CREATE TABLE IF NOT EXISTS reader_probe (x UInt8) ENGINE = MergeTree ORDER BY x");
        writer.execute("INSERT INTO reader_probe (x) VALUES (1), (2)");
        // The read login without any of the client's settings, and asking for readonly=0 outright.
        ClickHouseClient bare = new ClickHouseClient(Stack.get().clickHouse().httpUrl(), Stack.CLICKHOUSE_DATABASE,
                Duration.ofSeconds(10), Map.of(), readLogin());
        ClickHouseClient lifting = new ClickHouseClient(Stack.get().clickHouse().httpUrl(),
                Stack.CLICKHOUSE_DATABASE, Duration.ofSeconds(10), Map.of("readonly", "0"), readLogin());
        assertThatThrownBy(() -> bare.execute("INSERT INTO reader_probe (x) VALUES (3)"))
                .isInstanceOf(ClickHouseException.class).hasMessageContaining("readonly");
        assertThatThrownBy(() -> bare.execute("ALTER TABLE reader_probe DELETE WHERE x = 1"))
                .isInstanceOf(ClickHouseException.class).hasMessageContaining("readonly");
        assertThatThrownBy(() -> bare.execute("DROP TABLE reader_probe"))
                .isInstanceOf(ClickHouseException.class).hasMessageContaining("readonly");
        assertThatThrownBy(() -> lifting.select("SELECT 1"))
                .isInstanceOf(ClickHouseException.class).hasMessageContaining("readonly");
        assertThat(clickhouse.selectOne("SELECT count() FROM reader_probe")).isEqualTo("2");
        writer.execute("ALTER TABLE reader_probe DELETE WHERE x = 1");
        await().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(clickhouse.selectOne(
                "SELECT count() FROM reader_probe")));
    }

    /** The user a client runs as: its query finds itself among the running ones (18.16 has no currentUser()). */
    private static String userOf(ClickHouseClient client) {
        String marker = UUID.randomUUID().toString();
        return client.selectOne("SELECT user FROM system.processes WHERE query LIKE '%" + marker + "%'");
    }

    private static ClickHouseClient.Login readLogin() {
        return new ClickHouseClient.Login(ClickHouseServer.READ_ONLY_USER, ClickHouseServer.READ_ONLY_PASSWORD);
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

    @Test
    void theQueryOfARequestWhoseClientWentAwayIsKilled() throws Exception {
        String marker = "gone-" + UUID.randomUUID();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /test/slow-query?marker=" + marker + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> running(marker) == 1);
        }
        // The query would run for minutes, and query-api's own timeout is 30 s: only the client's going ends it.
        await().atMost(Duration.ofSeconds(5)).until(() -> running(marker) == 0);
    }

    private long running(String marker) {
        return Long.parseLong(clickhouse.selectOne("SELECT count() FROM system.processes WHERE query LIKE "
                + Sql.quote("%" + marker + "%") + " AND query NOT LIKE '%system.processes%'"));
    }
}
