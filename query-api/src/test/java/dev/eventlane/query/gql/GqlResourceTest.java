package dev.eventlane.query.gql;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.query.analytics.rest.TestData;
import dev.eventlane.query.control.Dashboard;
import dev.eventlane.testkit.StackResource;

/**
 * GQL on real ClickHouse through {@code /v1/gql/query} and {@code /v1/gql}: the reference's queries give the numbers
 * of a small known dataset; a hostile corpus never gets a 5xx nor another project's rows. Every query is pinned to
 * this run's rows by a {@code run} property, since the test ClickHouse is shared.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class GqlResourceTest {

    private static final String KEY_A = "ll_testkeyA0000000000000000000000000000000000000000";
    private static final String RUN = "r" + UUID.randomUUID().toString().replace("-", "");
    private static final String SECRET = "secret-of-b-" + UUID.randomUUID();

    @BeforeAll
    static void rows() {
        long now = System.currentTimeMillis();
        TestData.Rows logs = TestData.logs();
        String props = "{\"run\":\"" + RUN + "\",\"service\":\"billing\",\"amount\":%d,\"paid\":%s}";
        Object[][] entries = {
            {"l1", 3, "error", "Payment declined", now - 60_000, 10, "false"},
            {"l2", 3, "error", "Payment declined", now - 120_000, 30, "false"},
            {"l3", 3, "error", "Connection timeout", now - 180_000, 50, "true"},
            {"l4", 6, "info", "User signed up", now - 240_000, 70, "true"},
            {"l5", 3, "error", "Connection timeout", now - 2 * 3_600_000, 90, "true"},
        };
        for (Object[] e : entries) {
            logs.add("project-a", e[0] + RUN, "goodlogs", "", e[1], e[2], e[4], e[4], e[3], 0, "", "", "",
                    String.format(props, e[5], e[6]), "203.0.113.9", "", "Chrome 125", "macOS 14", "Desktop", "", 0, 0);
        }
        logs.add("project-b", "b1" + RUN, "goodlogs", "", 3, "error", now - 60_000, now - 60_000, SECRET, 0, "", "", "",
                "{\"run\":\"" + RUN + "\",\"secret\":\"" + SECRET + "\"}", "", "", "", "", "", "", 0, 0);
        logs.insert();

        TestData.Rows events = TestData.events();
        String data = "{\"run\":\"" + RUN + "\"}";
        Object[][] rows = {
            {"e1", "signup", "u1", now - 1_000}, {"e2", "signup", "u2", now - 2_000}, {"e3", "purchase", "u1", now - 3_000},
            {"e4", "page_view", "u3", now - 4_000}, {"e5", "signup", "u3", now - 2 * 86_400_000L},
        };
        for (Object[] r : rows) {
            Object[] row = TestData.event("project-a", r[0] + RUN, (String) r[1], (String) r[2], (Long) r[3]);
            row[10] = data;
            events.add(row);
        }
        events.insert();

        String payload = "{\"run\":\"" + RUN + "\",\"message\":\"%s\"}";
        TestData.alertEvents()
                .add("project-a", "a1" + RUN, "alert", "", now - 60_000, String.format(payload, "errors over 10"), 0, 0)
                .add("project-a", "a2" + RUN, "churn_spike", "ep1", now - 3_600_000, String.format(payload, "churn"), 0,
                        1)
                .add("project-a", "a3" + RUN, "alert", "", now - 3 * 86_400_000L, String.format(payload, "again"), 0, 2)
                .add("project-a", "a4" + RUN, "revenue_drop", "", now - 8 * 86_400_000L, String.format(payload, "old"),
                        0, 3)
                .add("project-b", "b1" + RUN, "alert", "", now - 60_000, String.format(payload, SECRET), 0, 4)
                .insert();
    }

    private static Response query(String gql) {
        return given().auth().oauth2(KEY_A).contentType(ContentType.JSON).body(Map.of("q", gql))
                .post("/v1/gql/query");
    }

    @Test
    void theReferenceQueriesAnswerWithTheirNumbers() {
        query("run:" + RUN + " | count | where severity = 'error' | last 1h").then().statusCode(200)
                .body("query.source", equalTo("logs")).body("query.mode", equalTo("aggregate"))
                .body("data.mode", equalTo("aggregate")).body("data.table", equalTo("logs"))
                .body("data.results[0].value", equalTo(3)).body("data.total_groups", equalTo(1));
        query("severity:error run:" + RUN + " | count by message | top 10").then().statusCode(200)
                .body("query.filters[0].field", equalTo("severity")).body("query.filters[0].op", equalTo("eq"))
                .body("query.pipeline[0].func", equalTo("count"))
                .body("query.pipeline[0].group_by", equalTo(List.of("message")))
                .body("data.results.message", equalTo(List.of("Connection timeout", "Payment declined")))
                .body("data.results.value", equalTo(List.of(2, 2))).body("data.total_groups", equalTo(2));
        query("severity:error run:" + RUN + " | count by message | top 1").then().statusCode(200)
                .body("data.results.message", equalTo(List.of("Connection timeout")))
                .body("data.total_groups", equalTo(2));
        query("severity:error run:" + RUN + " last:24h").then().statusCode(200).body("data.mode", equalTo("search"))
                .body("data.results.id", equalTo(List.of("l1" + RUN, "l2" + RUN, "l3" + RUN, "l5" + RUN)))
                .body("data.results[0].properties.service", equalTo("billing"))
                .body("data.results[0].$browser", equalTo("Chrome 125"));

        given().auth().oauth2(KEY_A).contentType(ContentType.JSON).body(Map.of("queries", List.of(
                "from:events run:" + RUN + " | count_distinct(distinct_id) | last:1d",
                "from:events run:" + RUN + " | count | last:30d",
                "from:events run:" + RUN + " | count by event_name | top 10 | last:30d",
                "count distinct $distinct_id from:events run:" + RUN + " | last 1d",
                "count by event from:events run:" + RUN + " | sort count desc | limit 10",
                "count | where nonsense ===")))
                .post("/v1/gql").then().statusCode(200).body("$", hasSize(6))
                .body("[0].status", equalTo("ok")).body("[0].data.results[0].value", equalTo(3))
                .body("[1].data.results[0].value", equalTo(5))
                .body("[2].data.results.event_name", equalTo(List.of("signup", "page_view", "purchase")))
                .body("[2].data.results.value", equalTo(List.of(3, 1, 1)))
                .body("[3].data.results[0].value", equalTo(3))
                .body("[4].data.results[0].event", equalTo("signup"))
                .body("[5].status", equalTo("error")).body("[5].error", containsString("position"));
    }

    @Test
    void filtersComparisonsAndNumbers() {
        query("run:" + RUN + " | where amount > 20 AND paid = false | count").then()
                .body("data.results[0].value", equalTo(1));
        query("run:" + RUN + " | where amount >= 50 OR message contains 'DECLINED' | count").then()
                .body("data.results[0].value", equalTo(5));
        query("run:" + RUN + " | where NOT severity in ('error') | count").then()
                .body("data.results[0].value", equalTo(1));
        query("run:" + RUN + " | sum(amount) | last 1h").then().body("data.results[0].value", equalTo(160));
        query("run:" + RUN + " | avg(amount) by severity | sort severity asc").then()
                .body("data.results.severity", equalTo(List.of("error", "info")))
                .body("data.results.value", equalTo(List.of(45, 70)));
        query("run:" + RUN + " | max(nothing_here)").then().statusCode(200)
                .body("data.results[0].value", nullValue());
        query("run:" + RUN + " \"timeout\"").then().body("data.results", hasSize(2));
        query("run:" + RUN + " | count by 1h | last 3h").then().statusCode(200)
                .body("data.results.value.sum()", equalTo(5));
    }

    @Test
    void alertEventsAreTheProjectsFiredAlerts() {
        query("from:alert_events run:" + RUN + " | last 7d").then().statusCode(200)
                .body("query.source", equalTo("alert_events")).body("data.mode", equalTo("search"))
                .body("data.table", equalTo("alert_events"))
                .body("data.results.id", equalTo(List.of("a1" + RUN, "a2" + RUN, "a3" + RUN)))
                .body("data.results.kind", equalTo(List.of("alert", "churn_spike", "alert")))
                .body("data.results[1].endpoint_id", equalTo("ep1"))
                .body("data.results[0].payload.message", equalTo("errors over 10"));
        query("from:alert_events run:" + RUN + " | count by kind").then().statusCode(200)
                .body("data.results.kind", equalTo(List.of("alert", "churn_spike", "revenue_drop")))
                .body("data.results.value", equalTo(List.of(2, 1, 1))).body("data.total_groups", equalTo(3));
        query("from:alert_events run:" + RUN + " | count by kind | last 7d").then().statusCode(200)
                .body("data.results.kind", equalTo(List.of("alert", "churn_spike")))
                .body("data.results.value", equalTo(List.of(2, 1)));
        query("from:alert_events run:" + RUN + " \"churn\" | where kind = 'churn_spike' AND endpoint_id = 'ep1'"
                + " | last 7d").then().statusCode(200).body("data.results.id", equalTo(List.of("a2" + RUN)));
        Response unpinned = query("from:alert_events | last 7d");
        unpinned.then().statusCode(200);
        assertThat(unpinned.jsonPath().getList("data.results.id", String.class)).contains("a1" + RUN)
                .doesNotContain("b1" + RUN);
        assertThat(unpinned.asString()).doesNotContain(SECRET);
    }

    @Test
    void searchesPageNewestFirst() {
        Response first = query("run:" + RUN + " | limit 2");
        first.then().statusCode(200).body("data.results", hasSize(2)).body("data.has_more", equalTo(true));
        String cursor = first.jsonPath().getString("data.next_cursor");
        given().auth().oauth2(KEY_A).contentType(ContentType.JSON)
                .body(Map.of("q", "run:" + RUN + " | limit 2", "cursor", cursor)).post("/v1/gql/query").then()
                .body("data.results.id", equalTo(List.of("l3" + RUN, "l4" + RUN)));
    }

    @Test
    void refusalsInGoodLogsBody() {
        query("severity:error | count by").then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", containsString("position 25"));
        query("from:nowhere").then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"));
        query("from:alert_events | last 7d").then().statusCode(200).body("data.mode", equalTo("search"))
                .body("data.table", equalTo("alert_events"));
        given().contentType(ContentType.JSON).body(Map.of("q", "count")).post("/v1/gql/query").then()
                .statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
        given().auth().oauth2(KEY_A).contentType(ContentType.JSON).body(Map.of("queries", List.of()))
                .post("/v1/gql").then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"));
        given().auth().oauth2(KEY_A).contentType(ContentType.JSON).body("[1]").post("/v1/gql/query").then()
                .statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"));
    }

    @Test
    void theDashboardRunsGqlForMembersOfTheProjectsOrgOnly() {
        Dashboard member = Dashboard.signUp();
        String[] project = member.orgWithProject("free");
        long now = System.currentTimeMillis();
        TestData.logs().add(project[1], "d1" + RUN, "goodlogs", "", 3, "error", now - 1_000, now - 1_000, "boom", 0, "",
                "", "", "{}", "", "", "", "", "", "", 0, 0).insert();
        String path = "/api/orgs/" + project[0] + "/projects/" + project[1] + "/gql";
        given().auth().oauth2(member.jwt()).queryParam("q", "severity:error | count by message | top 10").get(path)
                .then().statusCode(200).body("query.mode", equalTo("aggregate"))
                .body("data.results[0].message", equalTo("boom")).body("data.results[0].value", equalTo(1));
        given().auth().oauth2(Dashboard.signUp().jwt()).queryParam("q", "count").get(path).then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        given().queryParam("q", "count").get(path).then().statusCode(401);
        given().auth().oauth2(member.jwt()).get(path).then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"));
        // A GQL query over its cap in the URL, every character percent-encoded: our JSON error, not the server's 414.
        given().auth().oauth2(member.jwt()).queryParam("q", "\u00e9".repeat(GqlSyntax.MAX_LENGTH + 1)).get(path)
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", containsString("longer than 4096 characters"));
    }

    /** At least 200 hostile queries: each is refused (4xx) or answered, never a 5xx, never project-b's rows. */
    @Test
    void aHostileCorpusNeverReachesAnotherProjectNorFailsTheServer() {
        List<String> payloads = List.of("' OR 1=1 --", "\\' OR 1=1 --", "x') OR ('1'='1", "'; DROP TABLE logs; --",
                "project-b", "' UNION ALL SELECT * FROM logs --", "\\", "\\\\'", "%", "_", "\u0000", "\n", "' OR ''='",
                "1) OR (1=1", "') OR project_id != ('", "\" OR \"1\"=\"1", "${jndi:ldap://x}", "`id`", "$(id)",
                "visitParamExtractRaw(properties, 'secret')");
        List<String> templates = List.of("severity:'%s'", "run:" + RUN + " | where message = '%s' | count",
                "run:" + RUN + " | where message contains \"%s\"", "\"%s\"", "run:" + RUN + " | where severity in ('a', '%s')",
                "from:events | where event = '%s'", "from:alert_events | where kind = '%s' | last 7d", "%s",
                "run:" + RUN + " | count by %s",
                "run:" + RUN + " | where %s = 'x'", "severity:error | since '%s'");
        List<String> corpus = new ArrayList<>();
        for (String template : templates) {
            for (String payload : payloads) {
                corpus.add(template.replace("%s", payload));
            }
        }
        corpus.add("x".repeat(GqlSyntax.MAX_LENGTH + 1));
        corpus.add("(".repeat(2000));
        corpus.add("count | where " + "(".repeat(1500) + "a = 1" + ")".repeat(1500));
        corpus.add("count | where a in (" + "'x', ".repeat(200) + "'y')");
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        for (String gql : corpus) {
            Response response = query(gql);
            assertThat(response.statusCode()).as(gql).isIn(200, 400, 422);
            assertThat(response.asString()).as(gql).doesNotContain(SECRET);
        }
    }
}
