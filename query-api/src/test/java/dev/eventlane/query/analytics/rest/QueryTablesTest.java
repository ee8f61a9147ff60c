package dev.eventlane.query.analytics.rest;

import static dev.eventlane.query.analytics.rest.TestData.KEY_A;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.query.analytics.service.EventRepository;
import dev.eventlane.schemas.pipeline.Tables;
import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The tables the reads use instead of the raw rows ({@code user_activity} for DAU and retention, {@code event_hours}
 * for the newest events) give exactly what the raw rows give: with late days, days published twice, a user's
 * erasure, and hour counts that no longer match the events (after deletions and purges).
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class QueryTablesTest {

    private final ClickHouseClient clickhouse = TestData.clickhouse();
    @Inject
    EventRepository events;

    @Test
    void lateAndRepeatedDaysMoveCohortsAndCountOnce() {
        // Only this test writes days of 2007 into project-a.
        String a = TestData.unique("a");
        String b = TestData.unique("b");
        TestData.userDays().add("project-a", a, "2007-06-03", 0, 1).add("project-a", a, "2007-06-04", 0, 2)
                .add("project-a", b, "2007-06-03", 0, 3).insert();
        given().auth().oauth2(KEY_A).queryParam("from", "2007-06-01").queryParam("to", "2007-06-05")
                .queryParam("periods", 3).get("/retention").then().statusCode(200)
                .body("cohorts.cohort", equalTo(List.of("2007-06-03")))
                .body("cohorts[0].retained", equalTo(List.of(2, 1, 0)));

        // A late event of a's makes 06-01 its first day; b's day comes again, in another insert.
        TestData.userDays().add("project-a", a, "2007-06-01", 0, 4).add("project-a", b, "2007-06-03", 0, 5).insert();

        given().auth().oauth2(KEY_A).queryParam("from", "2007-06-01").queryParam("to", "2007-06-05")
                .queryParam("periods", 4).get("/retention").then().statusCode(200)
                .body("cohorts.cohort", equalTo(List.of("2007-06-01", "2007-06-03")))
                .body("cohorts[0].retained", equalTo(List.of(1, 0, 1, 1)))
                .body("cohorts[1].retained", equalTo(List.of(1, 0, 0, 0)));
        given().auth().oauth2(KEY_A).queryParam("interval", "week").queryParam("from", "2007-05-28")
                .queryParam("to", "2007-06-11").queryParam("periods", 2).get("/retention").then().statusCode(200)
                .body("cohorts.cohort", equalTo(List.of("2007-05-28"))) // a Monday: 06-01 and 06-03 in its week
                .body("cohorts[0].retained", equalTo(List.of(2, 1)));
        given().auth().oauth2(KEY_A).queryParam("from", "2007-06-01").queryParam("to", "2007-06-05").get("/dau")
                .then().statusCode(200).body("days.users", equalTo(List.of(1, 0, 2, 1)));
        assertThat(readsAgreeWithUserDays("2007-06-01", "2007-06-05")).isTrue();
    }

    @Test
    void anErasedUserLeavesDauAndRetention() {
        // Only this test writes days of 2008 into project-a.
        String kept = TestData.unique("kept");
        String erased = TestData.unique("erased");
        TestData.userDays().add("project-a", kept, "2008-02-01", 0, 1).add("project-a", erased, "2008-02-01", 0, 2)
                .add("project-a", erased, "2008-02-02", 0, 3).insert();
        given().auth().oauth2(KEY_A).queryParam("from", "2008-02-01").queryParam("to", "2008-02-03").get("/dau")
                .then().statusCode(200).body("days.users", equalTo(List.of(2, 1)));

        // What an erasure deletes once the pipeline has passed its record (UserErasure).
        events.deleteUser("project-a", erased, Tables.perUser(), System.nanoTime() + 30_000_000_000L);

        assertThat(clickhouse.selectOne("SELECT count() FROM user_activity WHERE user_id = " + Sql.quote(erased)))
                .isEqualTo("0");
        given().auth().oauth2(KEY_A).queryParam("from", "2008-02-01").queryParam("to", "2008-02-03").get("/dau")
                .then().statusCode(200).body("days.users", equalTo(List.of(1, 0)));
        given().auth().oauth2(KEY_A).queryParam("from", "2008-02-01").queryParam("to", "2008-02-03")
                .queryParam("periods", 2).get("/retention").then().statusCode(200)
                .body("cohorts[0].size", equalTo(1)).body("cohorts[0].retained", equalTo(List.of(1, 0)));
    }

    @Test
    void newestFirstPagesAreExactWhateverTheHourCountsSay() {
        // Only this test writes events of 2031 into project-c: they are its newest.
        String user = TestData.unique("usr");
        Instant t0 = Instant.parse("2031-03-01T00:00:00Z");
        TestData.Rows rows = TestData.events();
        for (int i = 0; i < 60; i++) {
            // Every 7 minutes over 7 hours, two events per time (the order by id breaks the tie).
            Instant at = t0.plusSeconds(420L * (i / 2));
            rows.add(TestData.event("project-c", "evt_h" + i, "tick", user, at.toEpochMilli()));
        }
        rows.insert();
        List<String> expected = newestFirst();
        assertThat(expected).hasSizeGreaterThanOrEqualTo(60);
        assertThat(pages(7)).containsExactlyElementsOf(expected);

        // Counts too high (events since deleted or purged, an hour counted twice): the read looks further back.
        long lastHour = Instant.parse("2031-03-01T06:00:00Z").toEpochMilli();
        clickhouse.execute("INSERT INTO event_hours (project_id, hour_ms, events) VALUES ('project-c', "
                + lastHour + ", 1000), ('project-c', " + (lastHour + 3_600_000L) + ", 50)");
        assertThat(pages(7)).containsExactlyElementsOf(expected);
        assertThat(pages(100)).containsExactlyElementsOf(expected);

        // Counts too low (events stored before the counts began): the read takes the whole range.
        clickhouse.execute("INSERT INTO events (project_id, event_id, source, name, user_id, session_id, funnel,"
                + " platform, ts_ms, received_ms, data, ip, user_agent, browser, os, device, country,"
                + " kafka_partition, kafka_offset) SELECT project_id, concat(event_id, '_uncounted'), source, name,"
                + " user_id, session_id, funnel, platform, ts_ms + 1, received_ms, data, ip, user_agent, browser, os,"
                + " device, country, kafka_partition, kafka_offset FROM events WHERE project_id = 'project-c'"
                + " AND user_id = " + Sql.quote(user));
        clickhouse.execute("ALTER TABLE event_hours DELETE WHERE project_id = 'project-c' AND hour_ms >= "
                + t0.toEpochMilli());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> "0".equals(
                clickhouse.selectOne("SELECT count() FROM system.mutations WHERE table = 'event_hours'"
                        + " AND is_done = 0")));
        List<String> withUncounted = newestFirst();
        assertThat(withUncounted).hasSize(expected.size() + 60);
        assertThat(pages(7)).containsExactlyElementsOf(withUncounted);
        given().auth().oauth2(TestData.KEY_C).queryParam("from", "2031-03-01T01:00:00Z")
                .queryParam("to", "2031-03-01T02:00:00Z").queryParam("limit", 1000).get("/events").then()
                .statusCode(200).body("count", equalTo(36));
    }

    /** Every event of project-c, newest first, straight from the raw rows. */
    private List<String> newestFirst() {
        return clickhouse.select("SELECT event_id FROM events WHERE project_id = 'project-c'"
                + " ORDER BY ts_ms DESC, event_id DESC").stream().map(row -> row[0]).toList();
    }

    /** Every event of project-c by pages of {@code limit}, unfiltered, following the cursors. */
    private List<String> pages(int limit) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(TestData.KEY_C).queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/events").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("events.event_id"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        return seen;
    }

    /** DAU of the range counted straight from user_days, against the endpoint's days with users. */
    private boolean readsAgreeWithUserDays(String from, String to) {
        Map<String, Integer> direct = new TreeMap<>();
        for (String[] row : clickhouse.select("SELECT day, uniqExact(user_id) FROM user_days"
                + " WHERE project_id = 'project-a' AND day >= toDate(" + Sql.quote(from) + ") AND day < toDate("
                + Sql.quote(to) + ") GROUP BY day")) {
            direct.put(row[0], Integer.parseInt(row[1]));
        }
        JsonPath dau = given().auth().oauth2(KEY_A).queryParam("from", from).queryParam("to", to).get("/dau").then()
                .statusCode(200).extract().jsonPath();
        Map<String, Integer> served = new TreeMap<>();
        List<String> days = dau.getList("days.day");
        List<Integer> users = dau.getList("days.users");
        for (int i = 0; i < days.size(); i++) {
            if (users.get(i) > 0) {
                served.put(days.get(i), users.get(i));
            }
        }
        return !direct.isEmpty() && direct.equals(served);
    }
}
