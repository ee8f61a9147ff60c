package dev.eventlane.query.gql;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.query.analytics.rest.TestData;
import dev.eventlane.query.control.Dashboard;
import dev.eventlane.testkit.StackResource;

/**
 * GQL autocomplete on real ClickHouse through {@code /v1/gql/autocomplete} and the dashboard's: suggestions by cursor
 * position, a field's values with their volumes from the key's project only, refusals. Values are pinned to this
 * run by a prefix unique to it, since the test ClickHouse is shared.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class GqlAutocompleteTest {

    private static final String KEY_A = "ll_testkeyA0000000000000000000000000000000000000000";
    private static final String RUN = "x" + UUID.randomUUID().toString().replace("-", "");

    @BeforeAll
    static void rows() {
        long now = System.currentTimeMillis();
        TestData.Rows logs = TestData.logs();
        Object[][] entries = {
            {"project-a", "a1", RUN + "a", now - 60_000}, {"project-a", "a2", RUN + "a", now - 3_600_000},
            {"project-a", "a3", RUN + "a", now - 6 * 86_400_000L}, {"project-a", "a4", RUN + "b", now - 60_000},
            {"project-a", "a5", RUN + "old", now - 8 * 86_400_000L},
            {"project-b", "b1", RUN + "a", now - 60_000}, {"project-b", "b2", RUN + "a", now - 60_000},
            {"project-b", "b3", RUN + "a", now - 60_000}, {"project-b", "b4", RUN + "a", now - 60_000},
            {"project-b", "b5", RUN + "secret", now - 60_000},
        };
        for (Object[] e : entries) {
            logs.add(e[0], e[1] + RUN, "goodlogs", "", 3, e[2], e[3], e[3], "m", 0, "", "", "", "{}", "", "", "", "",
                    "", "", 0, 0);
        }
        logs.insert();
    }

    private static ValidatableResponse complete(String q, Object cursor) {
        var request = given().auth().oauth2(KEY_A).queryParam("q", q);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.get("/v1/gql/autocomplete").then();
    }

    @Test
    void suggestionsFollowTheCursor() {
        complete("", null).statusCode(200).body("valid", equalTo(false)).body("parsed", nullValue())
                .body("suggestions.text", hasItems("count", "count_distinct(", "sum(", "where", "last", "by", "sort",
                        "top", "limit", "from:", "severity", "message"))
                .body("suggestions.kind", hasItems("function", "keyword", "field"));
        String query = "from:events | count by  | last 1d";
        complete(query, 5).statusCode(200).body("suggestions.text", equalTo(List.of("logs", "events",
                "alert_events"))).body("suggestions.kind", everyItem(equalTo("source")))
                .body("valid", equalTo(false));
        complete(query, 23).statusCode(200).body("suggestions.text", hasItems("event_name", "distinct_id"))
                .body("suggestions.kind", everyItem(equalTo("field")));
        complete("count | where severity ", null).statusCode(200)
                .body("suggestions.text", equalTo(List.of("=", "!=", ">", ">=", "<", "<=", "contains", "in")))
                .body("suggestions.kind", everyItem(equalTo("operator")));
        complete("severity:error | count", 17).statusCode(200).body("valid", equalTo(true))
                .body("parsed.source", equalTo("logs")).body("parsed.mode", equalTo("aggregate"))
                .body("parsed.filters[0].field", equalTo("severity"))
                .body("suggestions.text", hasItems("count", "where"));
    }

    @Test
    void valuesWithTheirVolumesFromTheKeysProjectOnly() {
        complete("severity:" + RUN, null).statusCode(200)
                .body("suggestions.text", equalTo(List.of(RUN + "a", RUN + "b")))
                .body("suggestions.description", equalTo(List.of("3 logs", "1 log")))
                .body("suggestions.kind", everyItem(equalTo("value")))
                .body("valid", equalTo(true)).body("parsed.filters[0].value", equalTo(RUN));
        complete("count | where severity = '" + RUN.toUpperCase() + "B", null).statusCode(200)
                .body("suggestions.text", equalTo(List.of(RUN + "b"))).body("valid", equalTo(false));
        complete("severity:" + RUN + "s", null).statusCode(200).body("suggestions", equalTo(List.of()));
    }

    @Test
    void theDashboardSuggestsItsProjectsValues() {
        Dashboard member = Dashboard.signUp();
        String[] project = member.orgWithProject("free");
        long now = System.currentTimeMillis();
        TestData.logs()
                .add(project[1], "d1" + RUN, "goodlogs", "", 3, "error", now - 1_000, now - 1_000, "Payment declined", 0,
                        "", "", "", "{\"service\":\"billing\"}", "", "", "", "", "", "", 0, 0)
                .add(project[1], "d2" + RUN, "goodlogs", "", 3, "error", now - 2_000, now - 2_000, "Payment declined", 0,
                        "", "", "", "{\"service\":\"billing\"}", "", "", "", "", "", "", 0, 0)
                .add(project[1], "d3" + RUN, "goodlogs", "", 6, "info", now - 3_000, now - 3_000, "it's fine", 0, "",
                        "", "", "{\"service\":\"auth\"}", "", "", "", "", "", "", 0, 0)
                .insert();
        String path = "/api/orgs/" + project[0] + "/projects/" + project[1] + "/gql/autocomplete";
        given().auth().oauth2(member.jwt()).queryParam("q", "severity:").get(path).then().statusCode(200)
                .body("suggestions.text", equalTo(List.of("error", "info")))
                .body("suggestions.description", equalTo(List.of("2 logs", "1 log")));
        given().auth().oauth2(member.jwt()).queryParam("q", "message:").get(path).then().statusCode(200)
                .body("suggestions.text", equalTo(List.of("'Payment declined'", "'it\\'s fine'")));
        given().auth().oauth2(member.jwt()).queryParam("q", "service:").get(path).then().statusCode(200)
                .body("suggestions.text", equalTo(List.of("billing", "auth")));
        given().auth().oauth2(Dashboard.signUp().jwt()).queryParam("q", "severity:").get(path).then()
                .statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        given().queryParam("q", "severity:").get(path).then().statusCode(401);
    }

    @Test
    void refusals() {
        complete("count", -1).statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", containsString("cursor"));
        complete("count", 6).statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"));
        complete("count", "end").statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"));
        // A q over GQL's cap gets the JSON error, even with every character percent-encoded in the request line.
        complete("x".repeat(GqlSyntax.MAX_LENGTH + 1), null).statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", equalTo("q is longer than 4096 characters"));
        complete("\u20ac".repeat(GqlSyntax.MAX_LENGTH + 1), null).statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"));
        complete("\u20ac".repeat(GqlSyntax.MAX_LENGTH), null).statusCode(200).body("valid", equalTo(false));
        // Beyond the documented bound of the request line (40 KiB), the HTTP server refuses it before the resource.
        complete("x".repeat(41_000), null).statusCode(414);
        complete("count | where severity = 'error' AND ", null).statusCode(200).body("valid", equalTo(false))
                .body("parsed", nullValue()).body("suggestions", not(equalTo(List.of())));
        complete("' OR 1=1 --:", null).statusCode(200).body("suggestions", equalTo(List.of()));
        complete("severity = 'x') OR 1=1 --", null).statusCode(200).body("suggestions", equalTo(List.of()));
        given().queryParam("q", "count").get("/v1/gql/autocomplete").then().statusCode(401)
                .body("error.code", equalTo("UNAUTHORIZED"));
    }
}
