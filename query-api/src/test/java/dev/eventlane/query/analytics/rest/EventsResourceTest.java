package dev.eventlane.query.analytics.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;

@QuarkusTest
@QuarkusTestResource(StackResource.class)
class EventsResourceTest {

    static final String KEY_A = TestData.KEY_A;
    static final String KEY_B = TestData.KEY_B;
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private final ClickHouseClient clickhouse =
            new ClickHouseClient(Stack.get().clickHouse().httpUrl(), "eventlane", Duration.ofSeconds(10));

    @Test
    void returnsEveryFieldNewestFirst() {
        String user = unique("usr");
        insert("project-a", "evt_1", "app_open", user, "onboarding", T0, "{}");
        insert("project-a", "evt_2", "purchase", user, "checkout", T0.plusMillis(1500),
                "{\"amount\":49.99,\"sku\":\"SHOE-42\"}");

        JsonPath body = given().auth().oauth2(KEY_A).queryParam("user_id", user)
                .get("/events").then().statusCode(200)
                .body("ok", equalTo(true)).body("count", equalTo(2)).body("next_cursor", nullValue())
                .extract().jsonPath();

        assertThat(body.getList("events.event_id")).containsExactly("evt_2", "evt_1");
        assertThat(body.getString("events[0].action")).isEqualTo("purchase");
        assertThat(body.getString("events[0].user_id")).isEqualTo(user);
        assertThat(body.getString("events[0].funnel")).isEqualTo("checkout");
        assertThat(body.getString("events[0].session_id")).isEqualTo("sess-1");
        assertThat(body.getString("events[0].platform")).isEqualTo("iOS");
        assertThat(body.getString("events[0].timestamp")).isEqualTo("2026-11-01T10:00:01.500Z");
        assertThat(body.getString("events[0].received_at")).isEqualTo("2026-11-01T10:00:02.500Z");
        assertThat(body.getString("events[0].source")).isEqualTo("loglogic");
        assertThat(body.getString("events[0].data.amount")).isEqualTo("49.99");
        assertThat(body.getString("events[0].data.sku")).isEqualTo("SHOE-42");
        assertThat(body.getString("events[0].context.ip")).isEqualTo("203.0.113.7");
        assertThat(body.getString("events[0].context.user_agent")).isEqualTo("test-agent");
    }

    @Test
    void filtersByActionFunnelAndTimeRange() {
        String user = unique("usr");
        for (int i = 0; i < 6; i++) {
            insert("project-a", "evt_f" + i, i % 2 == 0 ? "view" : "buy", user, i < 3 ? "shop" : "app",
                    T0.plusSeconds(i * 60L), "{}");
        }

        assertThat(ids(given().auth().oauth2(KEY_A).queryParam("user_id", user).queryParam("action", "view")))
                .containsExactly("evt_f4", "evt_f2", "evt_f0");
        assertThat(ids(given().auth().oauth2(KEY_A).queryParam("user_id", user).queryParam("funnel", "app")))
                .containsExactly("evt_f5", "evt_f4", "evt_f3");
        assertThat(ids(given().auth().oauth2(KEY_A).queryParam("user_id", user)
                .queryParam("from", "2026-11-01T10:01:00Z").queryParam("to", "2026-11-01T11:03:00+01:00")))
                .containsExactly("evt_f2", "evt_f1");
    }

    @Test
    void cursorPagesVisitEveryEventOnce() {
        String user = unique("usr");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Two events share each timestamp so the tie-break by id is exercised.
            insert("project-a", "evt_p" + i, "tick", user, "", T0.plusSeconds(i / 2), "{}");
            expected.add(0, "evt_p" + i);
        }
        expected.sort((a, b) -> {
            int byTime = Integer.compare(Integer.parseInt(b.substring(5)) / 2, Integer.parseInt(a.substring(5)) / 2);
            return byTime != 0 ? byTime : b.compareTo(a);
        });

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(KEY_A).queryParam("user_id", user).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/events").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("events.event_id"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void anotherProjectsKeyNeverSeesOrDeletesTheseEvents() {
        String user = unique("usr");
        insert("project-a", "evt_t1", "secret", user, "", T0, "{}");

        given().auth().oauth2(KEY_B).queryParam("user_id", user).get("/events")
                .then().statusCode(200).body("events", hasSize(0));
        given().auth().oauth2(KEY_B).delete("/events").then().statusCode(200);
        assertThat(ids(given().auth().oauth2(KEY_A).queryParam("user_id", user))).containsExactly("evt_t1");
    }

    @Test
    void deleteRemovesEveryEventOfTheProject() {
        String user = unique("usr");
        insert("project-b", "evt_d1", "a", user, "", T0, "{}");
        insert("project-b", "evt_d2", "b", user, "", T0, "{}");

        given().auth().oauth2(KEY_B).delete("/events").then().statusCode(200)
                .body("ok", equalTo(true)).body("deleted", org.hamcrest.Matchers.greaterThanOrEqualTo(2));

        given().auth().oauth2(KEY_B).get("/events").then().statusCode(200).body("events", hasSize(0));
    }

    @Test
    void anEmptyOrOverlongUserToEraseIsABadRequestAndDeletesNothing() {
        String user = unique("usr");
        insert("project-b", "evt_keep", "a", user, "", T0, "{}");

        given().auth().oauth2(KEY_B).delete("/events?user_id=").then().statusCode(400)
                .body("error", equalTo("invalid_parameter"));
        given().auth().oauth2(KEY_B).queryParam("user_id", "u".repeat(257)).delete("/events").then()
                .statusCode(400).body("error", equalTo("invalid_parameter"));
        given().auth().oauth2("ll_unknown").queryParam("user_id", user).delete("/events").then().statusCode(401);

        assertThat(ids(given().auth().oauth2(KEY_B).queryParam("user_id", user))).containsExactly("evt_keep");
    }

    @Test
    void deleteRemovesTheProjectsAnalyticsToo() {
        String user = unique("usr");
        insert("project-b", "evt_d3", "purchase", user, "checkout", T0, "{}");
        TestData.sessions().add("project-b", user, "s", 1, 0, 1, 1, "a", "a", 0, 0, 1).insert();
        TestData.funnelSteps().add("project-b", "checkout", "purchase", 0, 0, 1).insert();
        TestData.funnelEvents().add("project-b", "checkout", user, "purchase", 0, "evt_d3").insert();
        TestData.userDays().add("project-b", user, "2026-11-01", 0, 1).insert();
        TestData.purchases().add("project-b", "evt_d3", user, 0, "1.5", 0, 1).insert();
        TestData.userDays().add("project-a", user, "2026-11-01", 0, 1).insert();
        TestData.alertEvents().add("project-b", user, "alert", "", 0, "{}", 0, 1)
                .add("project-a", user, "alert", "", 0, "{}", 0, 2).insert();

        given().auth().oauth2(KEY_B).delete("/events").then().statusCode(200).body("ok", equalTo(true));

        for (String table : List.of("events", "sessions", "sessions_by_start", "funnel_steps", "funnel_events",
                "user_days", "purchases", "alert_events")) {
            assertThat(clickhouse.selectOne("SELECT count() FROM " + table + " WHERE project_id = 'project-b'"))
                    .as(table).isEqualTo("0");
        }
        assertThat(clickhouse.selectOne("SELECT count() FROM user_days WHERE user_id = " + Sql.quote(user)))
                .isEqualTo("1");
        assertThat(clickhouse.selectOne("SELECT count() FROM alert_events WHERE alert_id = " + Sql.quote(user)))
                .isEqualTo("1");
    }

    @Test
    void eventsWithoutASessionShowTheirInferredSession() {
        String user = unique("usr");
        String other = unique("usr");
        insert("project-a", "evt_n1", "open", user, "", "", T0, "{}");
        insert("project-a", "evt_n2", "view", user, "", "", T0.plusSeconds(60), "{}");
        insert("project-a", "evt_n3", "open", user, "", "", T0.plusSeconds(7200), "{}");
        insert("project-a", "evt_n4", "open", user, "", "", T0.plusSeconds(18_000), "{}");
        insert("project-a", "evt_n5", "buy", user, "", "sent-by-client", T0.plusSeconds(30), "{}");
        long t0 = T0.toEpochMilli();
        TestData.sessions()
                .add("project-a", user, "inferred-1", 1, t0, t0 + 60_000, 2, "open", "view", 0, 0, 1)
                .add("project-a", user, "inferred-2", 1, t0 + 7_200_000, t0 + 7_200_000, 1, "open", "open", 0, 0, 2)
                .add("project-a", user, "merged-away", 1, t0 + 18_000_000, t0 + 18_000_000, 1, "open", "open", 0, 0, 3)
                .add("project-a", user, "sent-by-client", 0, t0, t0 + 18_000_000, 1, "buy", "buy", 0, 0, 4)
                .add("project-a", other, "not-theirs", 1, t0, t0 + 18_000_000, 1, "open", "open", 0, 0, 5)
                .insert();
        TestData.sessions()
                .add("project-a", user, "merged-away", 1, t0 + 18_000_000, t0 + 18_000_000, 1, "open", "open", 1, 0, 6)
                .insert();

        JsonPath body = given().auth().oauth2(KEY_A).queryParam("user_id", user).get("/events")
                .then().statusCode(200).extract().jsonPath();

        assertThat(body.getList("events.event_id")).containsExactly("evt_n4", "evt_n3", "evt_n2", "evt_n5", "evt_n1");
        assertThat(body.getList("events.session_id"))
                .containsExactly(null, "inferred-2", "inferred-1", "sent-by-client", "inferred-1");
    }

    @Test
    void hostileFilterValuesAreOnlyValues() {
        String user = unique("usr");
        insert("project-a", "evt_i1", "view", user, "", T0, "{}");

        given().auth().oauth2(KEY_A).queryParam("action", "x' OR 1=1 OR name='")
                .get("/events").then().statusCode(200).body("events", hasSize(0));
        given().auth().oauth2(KEY_A).queryParam("user_id", user + "\\' OR \\'1\\'=\\'1")
                .get("/events").then().statusCode(200).body("events", hasSize(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=ten", "from=yesterday", "to=2026-13-01",
            "cursor=%21%21%21"})
    void badParametersAreBadRequests(String query) {
        given().auth().oauth2(KEY_A).urlEncodingEnabled(false).get("/events?" + query)
                .then().statusCode(400).body("ok", equalTo(false))
                .body("error", org.hamcrest.Matchers.oneOf("invalid_parameter", "invalid_cursor"));
    }

    @Test
    void keysAreRequired() {
        given().get("/events").then().statusCode(401).body("error", equalTo("missing_key"));
        given().auth().oauth2("ll_unknown").get("/events").then().statusCode(401)
                .body("error", equalTo("invalid_key"));
        given().auth().oauth2("ll_unknown").delete("/events").then().statusCode(401);
    }

    @Test
    void healthIsUpWithClickHouse() {
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static List<String> ids(io.restassured.specification.RequestSpecification request) {
        return request.get("/events").then().statusCode(200).extract().jsonPath().getList("events.event_id");
    }

    private void insert(String project, String id, String action, String user, String funnel, Instant at,
            String data) {
        insert(project, id, action, user, funnel, "sess-1", at, data);
    }

    private void insert(String project, String id, String action, String user, String funnel, String session,
            Instant at, String data) {
        clickhouse.execute("INSERT INTO events (project_id, event_id, source, name, user_id, session_id, funnel,"
                + " platform, ts_ms, received_ms, data, ip, user_agent, browser, os, device, country,"
                + " kafka_partition, kafka_offset) VALUES (" + String.join(", ", Sql.quote(project), Sql.quote(id),
                        "'loglogic'", Sql.quote(action), Sql.quote(user), Sql.quote(session), Sql.quote(funnel),
                        "'iOS'", Long.toString(at.toEpochMilli()), Long.toString(at.toEpochMilli() + 1000),
                        Sql.quote(data), "'203.0.113.7'", "'test-agent'", "''", "''", "''", "''", "0", "0") + ")");
    }

    private static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID();
    }
}
