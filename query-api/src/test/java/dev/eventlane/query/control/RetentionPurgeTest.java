package dev.eventlane.query.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventlane.query.control.service.RetentionPurge;
import dev.eventlane.query.rest.TestData;
import dev.eventlane.schemas.clickhouse.ClickHouseClient;
import dev.eventlane.schemas.clickhouse.Sql;
import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Raw events past their plan's retention disappear on real ClickHouse; what the analytics derived stays. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class RetentionPurgeTest {

    /** Months no other test writes to: one held only by the free project, one shared with the forever project. */
    private static final long MARCH_2011 = Instant.parse("2011-03-15T10:00:00Z").toEpochMilli();
    private static final long APRIL_2011 = Instant.parse("2011-04-10T10:00:00Z").toEpochMilli();

    private final ClickHouseClient clickhouse = TestData.clickhouse();

    @Inject
    RetentionPurge purge;

    @Test
    void eventsOlderThanThePlanKeepsThemArePurgedAndAggregatesStay() {
        Dashboard owner = Dashboard.signUp();
        String free = owner.orgWithProject("free")[1];
        String community = owner.orgWithProject("community")[1];
        String brother = owner.orgWithProject("brother")[1];
        long now = Instant.now().toEpochMilli();
        long hour = Duration.ofHours(1).toMillis();
        TestData.events()
                .add(TestData.event(free, "f-march", "open", "u1", MARCH_2011))
                .add(TestData.event(free, "f-april", "open", "u1", APRIL_2011))
                .add(TestData.event(free, "f-3d", "open", "u1", now - 72 * hour))
                .add(TestData.event(free, "f-1h", "open", "u1", now - hour))
                .add(TestData.event(community, "c-10d", "open", "u2", now - 240 * hour))
                .add(TestData.event(community, "c-3d", "open", "u2", now - 72 * hour))
                .add(TestData.event(brother, "b-april", "open", "u3", APRIL_2011))
                .add(TestData.event(brother, "b-3d", "open", "u3", now - 72 * hour))
                .insert();
        TestData.userDays().add(free, "u1", "2011-03-15", 0, 0).add(community, "u2", "2011-04-10", 0, 0).insert();
        TestData.sessions().add(free, "u1", "s1", 1, MARCH_2011, MARCH_2011, 1, "open", "open", 0, 0, 0).insert();

        RetentionPurge.Result result = purge.purge(Instant.ofEpochMilli(now));

        assertThat(result.droppedMonths()).contains("201103").doesNotContain("201104");
        assertThat(result.purgedProjects()).contains(free, community).doesNotContain(brother);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(eventIds(free)).containsExactly("f-1h");
            assertThat(eventIds(community)).containsExactly("c-3d");
        });
        assertThat(eventIds(brother)).containsExactly("b-3d", "b-april");
        assertThat(clickhouse.selectOne("SELECT count() FROM system.parts WHERE database = "
                + Sql.quote(clickhouse.database()) + " AND table = 'events' AND active AND partition = '201103'"))
                .isEqualTo("0");
        assertThat(rows("user_days", free)).isEqualTo("1");
        assertThat(rows("user_days", community)).isEqualTo("1");
        assertThat(rows("sessions", free)).isEqualTo("1");
    }

    private List<String> eventIds(String project) {
        return clickhouse.select("SELECT event_id FROM events WHERE project_id = " + Sql.quote(project)
                + " ORDER BY event_id").stream().map(row -> row[0]).toList();
    }

    private String rows(String table, String project) {
        return clickhouse.selectOne("SELECT count() FROM " + table + " WHERE project_id = " + Sql.quote(project));
    }
}
