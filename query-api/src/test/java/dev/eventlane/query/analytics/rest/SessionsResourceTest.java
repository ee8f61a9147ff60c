package dev.eventlane.query.analytics.rest;

import static dev.eventlane.query.analytics.rest.TestData.KEY_A;
import static dev.eventlane.query.analytics.rest.TestData.KEY_B;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eventlane.platform.time.ShiftedClock;
import dev.eventlane.testkit.StackResource;

@QuarkusTest
@QuarkusTestResource(StackResource.class)
class SessionsResourceTest {

    /** "Now" as the services see it: moved by the clock sweep (see ShiftedClock). */
    private static final Clock CLOCK = ShiftedClock.fromSystemProperty();

    /** Sessions of these tests start on 2001-02-03 and nothing else in project-a does. */
    private static final Instant DAY = Instant.parse("2001-02-03T00:00:00Z");

    @Test
    void returnsEveryFieldOfTheNewestVersion() {
        String user = TestData.unique("usr");
        long start = DAY.plusSeconds(3600).toEpochMilli();
        // Three versions of one session as the stream-processors publish them, each in its own insert.
        TestData.sessions().add("project-a", user, "s1", 0, start, start + 1000, 2, "app_open", "view", 0, 0, 10)
                .insert();
        TestData.sessions().add("project-a", user, "s1", 0, start, start + 61_500, 5, "app_open", "purchase", 0, 0, 12)
                .insert();
        TestData.sessions().add("project-a", user, "s1", 0, start, start + 5000, 3, "app_open", "cart", 0, 0, 11)
                .insert();

        JsonPath body = given().auth().oauth2(KEY_A).queryParam("user_id", user).queryParam("from", "2001-02-03")
                .queryParam("to", "2001-02-04").get("/sessions").then().statusCode(200)
                .body("count", equalTo(1)).extract().jsonPath();

        assertThat(body.getString("sessions[0].session_id")).isEqualTo("s1");
        assertThat(body.getString("sessions[0].user_id")).isEqualTo(user);
        assertThat(body.getString("sessions[0].start")).isEqualTo("2001-02-03T01:00:00Z");
        assertThat(body.getString("sessions[0].end")).isEqualTo("2001-02-03T01:01:01.500Z");
        assertThat(body.getLong("sessions[0].duration_ms")).isEqualTo(61_500);
        assertThat(body.getLong("sessions[0].event_count")).isEqualTo(5);
        assertThat(body.getString("sessions[0].entry_action")).isEqualTo("app_open");
        assertThat(body.getString("sessions[0].exit_action")).isEqualTo("purchase");
    }

    @Test
    void mergedAwaySessionsAndOldVersionsDoNotShow() {
        String user = TestData.unique("usr");
        long start = DAY.plusSeconds(7200).toEpochMilli();
        TestData.sessions()
                .add("project-a", user, "inferred-1", 1, start, start + 10_000, 2, "a", "b", 0, 0, 20)
                .add("project-a", user, "inferred-2", 1, start + 3_600_000, start + 3_600_000, 1, "c", "c", 0, 0, 21)
                .insert();
        // A late event bridged the two: the second is merged into the first, which now starts earlier.
        TestData.sessions()
                .add("project-a", user, "inferred-2", 1, start + 3_600_000, start + 3_600_000, 1, "c", "c", 1, 0, 22)
                .add("project-a", user, "inferred-1", 1, start - 60_000, start + 3_600_000, 4, "z", "c", 0, 0, 23)
                .insert();

        given().auth().oauth2(KEY_A).queryParam("user_id", user).queryParam("from", "2001-02-03")
                .queryParam("to", "2001-02-04").get("/sessions").then().statusCode(200)
                .body("count", equalTo(1)).body("sessions.session_id", equalTo(List.of("inferred-1")))
                .body("sessions[0].event_count", equalTo(4)).body("sessions[0].entry_action", equalTo("z"));
        // The range applies to the newest version's start, not to any older one's.
        given().auth().oauth2(KEY_A).queryParam("user_id", user)
                .queryParam("from", Instant.ofEpochMilli(start).toString()).queryParam("to", "2001-02-04")
                .get("/sessions").then().statusCode(200).body("count", equalTo(0)).body("sessions", hasSize(0));
    }

    @Test
    void aTimeRangeWithoutAUserSeesEachSessionOnceUnderItsNewestStart() {
        Instant day = Instant.parse("2001-03-04T00:00:00Z");
        long start = day.plusSeconds(7200).toEpochMilli();
        String user = TestData.unique("usr");
        TestData.sessionVersions()
                .add("project-a", user, "inferred-1", 1, start, start + 10_000, 2, "a", "b", 0, 0, 0, 30)
                .add("project-a", user, "inferred-2", 1, start + 3_600_000, start + 3_600_000, 1, "c", "c", 0, 0, 0, 31)
                .insert();
        // A late event bridged the two and moved the first's start back: each version names the start it replaces.
        TestData.sessionVersions()
                .add("project-a", user, "inferred-2", 1, start + 3_600_000, start + 3_600_000, 1, "c", "c", 1,
                        start + 3_600_000, 0, 32)
                .add("project-a", user, "inferred-1", 1, start - 60_000, start + 3_600_000, 4, "z", "c", 0, start, 0,
                        33)
                .insert();

        given().auth().oauth2(KEY_A).queryParam("from", "2001-03-04").queryParam("to", "2001-03-05")
                .get("/sessions").then().statusCode(200)
                .body("count", equalTo(1)).body("sessions.session_id", equalTo(List.of("inferred-1")))
                .body("sessions[0].start", equalTo(Instant.ofEpochMilli(start - 60_000).toString()))
                .body("sessions[0].event_count", equalTo(4)).body("sessions[0].entry_action", equalTo("z"));
        given().auth().oauth2(KEY_A).queryParam("from", Instant.ofEpochMilli(start).toString())
                .queryParam("to", "2001-03-05").get("/sessions").then().statusCode(200)
                .body("count", equalTo(0)).body("sessions", hasSize(0));
    }

    @Test
    void newestFirstWithLimitAndTotalCount() {
        String user = TestData.unique("usr");
        TestData.Rows rows = TestData.sessions();
        for (int i = 0; i < 5; i++) {
            long start = DAY.plusSeconds(36_000 + i * 60L).toEpochMilli();
            rows.add("project-a", user, "s" + i, 0, start, start + 1, 1, "a", "a", 0, 0, i);
        }
        String other = TestData.unique("usr");
        long late = DAY.plusSeconds(80_000).toEpochMilli();
        rows.add("project-a", other, "x", 0, late, late, 1, "a", "a", 0, 0, 9);
        rows.insert();

        given().auth().oauth2(KEY_A).queryParam("user_id", user).queryParam("from", "2001-02-03T10:00:00Z")
                .queryParam("to", "2001-02-03T11:00:00Z").queryParam("limit", 2).get("/sessions")
                .then().statusCode(200).body("count", equalTo(5))
                .body("sessions.session_id", equalTo(List.of("s4", "s3")));
        given().auth().oauth2(KEY_A).queryParam("user_id", user).queryParam("from", "2001-02-03T10:01:00Z")
                .queryParam("to", "2001-02-03T10:03:00Z").get("/sessions")
                .then().statusCode(200).body("count", equalTo(2))
                .body("sessions.session_id", equalTo(List.of("s2", "s1")));
        given().auth().oauth2(KEY_A).queryParam("from", "2001-02-03T10:00:00Z").queryParam("to", "2001-02-04")
                .queryParam("limit", 1).get("/sessions").then().statusCode(200)
                .body("sessions[0].user_id", equalTo(other));
    }

    @Test
    void pagesWithoutAUserAreTheNewestSessionsWhateverVersionsSitAtTheRangesEnd() {
        String user = TestData.unique("usr");
        long day = Instant.parse("2002-05-06T00:00:00Z").toEpochMilli();
        long hour = 3_600_000L;
        TestData.Rows rows = TestData.sessionVersions()
                .add("project-a", user, "a", 0, day - 65 * 24 * hour, day, 1, "a", "a", 0, 0, 0, 1)
                .add("project-a", user, "e", 0, day + 8 * hour, day + 8 * hour, 1, "a", "a", 0, 0, 0, 2)
                // Published at 11:00, then moved back to 10:00 by a late event.
                .add("project-a", user, "b", 0, day + 11 * hour, day + 11 * hour, 1, "a", "a", 0, 0, 0, 3)
                .add("project-a", user, "b", 0, day + 10 * hour, day + 11 * hour, 2, "a", "a", 0, day + 11 * hour, 0,
                        4)
                // Merged away.
                .add("project-a", user, "d", 0, day + 11 * hour + 2, day + 11 * hour + 2, 1, "a", "a", 0, 0, 0, 5)
                .add("project-a", user, "d", 0, day + 11 * hour + 2, day + 11 * hour + 2, 1, "a", "a", 1, 0, 0, 6);
        for (int version = 1; version <= 5; version++) {
            long start = day + 11 * hour + 30 * 60_000;
            rows.add("project-a", user, "c", 0, start, start + version, version, "a", "a", 0, 0, 0, 10 + version);
        }
        rows.insert();

        for (int limit = 1; limit <= 5; limit++) {
            List<String> expected = List.of("c", "b", "e", "a").subList(0, Math.min(limit, 4));
            for (String userId : new String[] {null, user}) {
                given().auth().oauth2(KEY_A).queryParam("from", "2002-03-01").queryParam("to", "2002-05-06T12:00:00Z")
                        .queryParam("limit", limit).queryParam("user_id", userId).get("/sessions").then()
                        .statusCode(200).body("count", equalTo(4)).body("sessions.session_id", equalTo(expected))
                        .body("sessions[0].event_count", equalTo(5));
            }
        }
    }

    @Test
    void relativeRangesEndNowAndTheDefaultIsThirtyDays() {
        String user = TestData.unique("usr");
        long now = CLOCK.millis();
        TestData.sessions()
                .add("project-a", user, "hour", 0, now - 3_600_000L, now - 3_000_000L, 1, "a", "a", 0, 0, 1)
                .add("project-a", user, "week", 0, now - 5 * 86_400_000L, now - 5 * 86_400_000L, 1, "a", "a", 0, 0, 2)
                .add("project-a", user, "old", 0, now - 40 * 86_400_000L, now - 40 * 86_400_000L, 1, "a", "a", 0, 0, 3)
                .insert();

        given().auth().oauth2(KEY_A).queryParam("user_id", user).queryParam("range", "24h").get("/sessions")
                .then().statusCode(200).body("sessions.session_id", equalTo(List.of("hour")));
        given().auth().oauth2(KEY_A).queryParam("user_id", user).get("/sessions")
                .then().statusCode(200).body("sessions.session_id", equalTo(List.of("hour", "week")));
        given().auth().oauth2(KEY_A).queryParam("user_id", user).queryParam("range", "3m").get("/sessions")
                .then().statusCode(200).body("count", equalTo(3));
    }

    @Test
    void anotherProjectsKeySeesNone() {
        String user = TestData.unique("usr");
        long start = DAY.plusSeconds(50_000).toEpochMilli();
        TestData.sessions().add("project-a", user, "s", 0, start, start, 1, "a", "a", 0, 0, 1).insert();

        given().auth().oauth2(KEY_B).queryParam("user_id", user).queryParam("range", "all").get("/sessions")
                .then().statusCode(200).body("count", equalTo(0)).body("sessions", hasSize(0));
        given().auth().oauth2(KEY_A).queryParam("user_id", user + "' OR user_id != '").queryParam("range", "all")
                .get("/sessions").then().statusCode(200).body("count", equalTo(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=ten", "range=2d", "range=7d&to=2026-01-01",
            "from=yesterday", "to=2026-13-01"})
    void badParametersAreBadRequests(String query) {
        given().auth().oauth2(KEY_A).urlEncodingEnabled(false).get("/sessions?" + query)
                .then().statusCode(400).body("ok", equalTo(false)).body("error", equalTo("invalid_parameter"));
    }

    @Test
    void keysAreRequired() {
        given().get("/sessions").then().statusCode(401).body("error", equalTo("missing_key"));
    }
}
