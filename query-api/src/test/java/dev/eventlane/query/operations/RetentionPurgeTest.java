package dev.eventlane.query.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.query.analytics.rest.TestData;
import dev.eventlane.query.control.Dashboard;
import dev.eventlane.schemas.pipeline.Tables;
import dev.eventlane.testkit.StackResource;

/**
 * Raw rows past their plan's retention disappear on real ClickHouse from every raw copy (events, web events, log
 * entries); what the analytics derived and the alerts that fired stay. Each run is
 * on a fixed clock just before or after a boundary of the calendar (month, year, daylight saving time in Europe and
 * the US), years apart so that runs never share a month, and long before any other test's events.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class RetentionPurgeTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final ClickHouseClient clickhouse = TestData.clickhouse();

    @Inject
    RetentionPurge purge;

    @ParameterizedTest
    @ValueSource(strings = {"2013-05-31T23:59:30Z", "2015-06-01T00:00:30Z", "2016-12-31T23:59:30Z",
        "2019-01-01T00:00:30Z", "2021-03-28T00:59:30Z", "2021-03-28T01:00:30Z", "2023-11-05T06:00:30Z"})
    void rawRowsOlderThanThePlanKeepsThemArePurgedFromEveryCopyAndAggregatesStay(String at) {
        Instant clock = Instant.parse(at);
        long now = clock.toEpochMilli();
        // Two old months: one held only by the free project, one shared with the project kept forever.
        YearMonth onlyFree = YearMonth.from(clock.atZone(ZoneOffset.UTC)).minusMonths(14);
        YearMonth shared = onlyFree.plusMonths(1);
        long onlyFreeMs = onlyFree.atDay(15).atTime(10, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        long sharedMs = shared.atDay(10).atTime(10, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        Dashboard owner = Dashboard.signUp();
        String free = owner.orgWithProject("free")[1];
        String community = owner.orgWithProject("community")[1];
        String brother = owner.orgWithProject("brother")[1];
        TestData.events()
                .add(TestData.event(free, "f-old", "open", "u1", onlyFreeMs))
                .add(TestData.event(free, "f-shared", "open", "u1", sharedMs))
                .add(TestData.event(free, "f-3d", "open", "u1", now - 72 * HOUR))
                .add(TestData.event(free, "f-1h", "open", "u1", now - HOUR))
                .add(TestData.event(community, "c-10d", "open", "u2", now - 240 * HOUR))
                .add(TestData.event(community, "c-3d", "open", "u2", now - 72 * HOUR))
                .add(TestData.event(brother, "b-shared", "open", "u3", sharedMs))
                .add(TestData.event(brother, "b-3d", "open", "u3", now - 72 * HOUR))
                .insert();
        TestData.webEvents()
                .add(TestData.webEvent(free, "fw-old", "v1", onlyFreeMs))
                .add(TestData.webEvent(free, "fw-shared", "v1", sharedMs))
                .add(TestData.webEvent(free, "fw-3d", "v1", now - 72 * HOUR))
                .add(TestData.webEvent(free, "fw-1h", "v1", now - HOUR))
                .add(TestData.webEvent(community, "cw-10d", "v2", now - 240 * HOUR))
                .add(TestData.webEvent(community, "cw-3d", "v2", now - 72 * HOUR))
                .add(TestData.webEvent(brother, "bw-shared", "v3", sharedMs))
                .add(TestData.webEvent(brother, "bw-3d", "v3", now - 72 * HOUR))
                .insert();
        TestData.logs()
                .add(log(free, "fl-old", onlyFreeMs))
                .add(log(free, "fl-3d", now - 72 * HOUR))
                .add(log(free, "fl-1h", now - HOUR))
                .add(log(community, "cl-10d", now - 240 * HOUR))
                .add(log(community, "cl-3d", now - 72 * HOUR))
                .add(log(brother, "bl-shared", sharedMs))
                .insert();
        TestData.userDays().add(free, "u1", onlyFree.atDay(15).toString(), 0, 0)
                .add(community, "u2", shared.atDay(10).toString(), 0, 0).insert();
        TestData.sessions().add(free, "u1", "s1", 1, onlyFreeMs, onlyFreeMs, 1, "open", "open", 0, 0, 0).insert();
        TestData.alertEvents().add(free, "a-old", "churn_spike", "", onlyFreeMs, "{}", 0, 0).insert();
        // A delete still running (an earlier run's or another test's) would hold this run's delete back.
        await().atMost(Duration.ofSeconds(30)).until(() -> "0".equals(clickhouse.selectOne(
                "SELECT count() FROM system.mutations WHERE database = " + Sql.quote(clickhouse.database())
                        + " AND table IN ('events', 'web_events', 'logs') AND is_done = 0")));

        RetentionPurge.Result result = purge.purge(clock);

        for (String table : List.of("events", "web_events", "logs")) {
            assertThat(result.droppedMonths().get(table)).as(table).contains(month(onlyFree))
                    .doesNotContain(month(shared));
            assertThat(clickhouse.selectOne("SELECT count() FROM system.parts WHERE database = "
                    + Sql.quote(clickhouse.database()) + " AND table = " + Sql.quote(table)
                    + " AND active AND partition = '" + month(onlyFree) + "'")).as(table).isEqualTo("0");
        }
        assertThat(result.purgedProjects()).contains(free, community).doesNotContain(brother);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(ids("events", free)).containsExactly("f-1h");
            assertThat(ids("events", community)).containsExactly("c-3d");
            assertThat(ids("web_events", free)).containsExactly("fw-1h");
            assertThat(ids("web_events", community)).containsExactly("cw-3d");
            assertThat(ids("logs", free)).containsExactly("fl-1h");
            assertThat(ids("logs", community)).containsExactly("cl-3d");
        });
        assertThat(ids("events", brother)).containsExactly("b-3d", "b-shared");
        assertThat(ids("web_events", brother)).containsExactly("bw-3d", "bw-shared");
        assertThat(ids("logs", brother)).containsExactly("bl-shared");
        assertThat(rows("user_days", free)).isEqualTo("1");
        assertThat(rows("user_days", community)).isEqualTo("1");
        assertThat(rows("sessions", free)).isEqualTo("1");
        assertThat(rows("alert_events", free)).isEqualTo("1");
    }

    @Test
    void everyRawTableHasTheColumnsThePurgeReads() {
        for (String table : Tables.rawData()) {
            assertThat(clickhouse.select("SELECT name FROM system.columns WHERE database = currentDatabase()"
                    + " AND table = " + Sql.quote(table)).stream().map(row -> row[0]).toList())
                    .as(table).contains("project_id", "ts_ms", "ts");
            assertThat(clickhouse.selectOne("SELECT partition_key FROM system.tables WHERE database = "
                    + "currentDatabase() AND name = " + Sql.quote(table))).as(table).isEqualTo("toYYYYMM(ts)");
        }
    }

    private static Object[] log(String project, String id, long tsMs) {
        return new Object[] {project, id, "goodlogs", "", 3, "info", tsMs, tsMs, "hello", 0, "", "", "", "{}", "", "",
                "", "", "", "", 0, 0};
    }

    private static String month(YearMonth month) {
        return String.format("%04d%02d", month.getYear(), month.getMonthValue());
    }

    /** The ids of the project's rows in a raw table, sorted. */
    private List<String> ids(String table, String project) {
        String id = table.equals("logs") ? "log_id" : "event_id";
        return clickhouse.select("SELECT " + id + " FROM " + table + " WHERE project_id = " + Sql.quote(project)
                + " ORDER BY " + id).stream().map(row -> row[0]).toList();
    }

    private String rows(String table, String project) {
        return clickhouse.selectOne("SELECT count() FROM " + table + " WHERE project_id = " + Sql.quote(project));
    }
}
