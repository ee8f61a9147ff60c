package dev.eventlane.query.gql;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.query.analytics.rest.TestData;
import dev.eventlane.query.control.Dashboard;
import dev.eventlane.testkit.StackResource;

/**
 * The discovered schema on real ClickHouse through {@code /v1/schema} and the dashboard's: running totals of several
 * partitions summed, the newest snapshot of each counted (the table is not merged), a key's busiest type, what was
 * over the caps left out, and one project's key never sees another's schema. The test ClickHouse is shared, so the
 * API key's project is read for this run's keys only; the dashboard's project is new and read whole.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class SchemaResourceTest {

    private static final String KEY_A = "ll_testkeyA0000000000000000000000000000000000000000";
    private static final String KEY_B = "ll_testkeyB0000000000000000000000000000000000000000";
    private static final String RUN = "s" + UUID.randomUUID().toString().replace("-", "");

    @BeforeAll
    static void rows() {
        // Each insert is a part of its own: snapshots stay side by side until ClickHouse merges them.
        TestData.schemaFields()
                .add("project-a", "log_property", RUN + "_ms", "number", 0, 5, "[125]", 7, 100)
                .add("project-a", "log_property", RUN + "_ms", "number", 1, 4, "[340]", 7, 101)
                .add("project-a", "event_name", RUN + "signup", "", 0, 2, "[]", 7, 102)
                .insert();
        TestData.schemaFields()
                .add("project-a", "log_property", RUN + "_ms", "number", 0, 9, "[125,17]", 7, 103)
                .add("project-a", "log_property", RUN + "_ms", "string", 0, 2, "[\"slow\"]", 7, 104)
                .add("project-a", "event_property", RUN + "plan", "string", 0, 3, "[\"pro\",\"free\"]", 7, 105)
                .add("project-a", "event_name", RUN + "signup", "", 1, 1, "[]", 7, 106)
                .add("project-a", "event_property", "", "", 0, 50, "[]", 7, 107)
                .add("project-b", "log_property", RUN + "_secret", "string", 0, 1, "[\"of b\"]", 8, 100)
                .add("project-b", "event_name", RUN + "b_only", "", 0, 1, "[]", 8, 101)
                .insert();
    }

    @Test
    void theKeysProjectsSchemaSummedOverPartitionsFromTheNewestSnapshots() {
        JsonPath body = given().auth().oauth2(KEY_A).get("/v1/schema").then().statusCode(200).extract().jsonPath();

        assertThat(body.getMap("")).containsOnlyKeys("log_properties", "event_properties", "event_names");
        assertThat(ofThisRun(body.getList("log_properties"), "key")).containsExactly(
                Map.of("key", RUN + "_ms", "type", "number", "examples", List.of(125, 17), "volume", 15));
        assertThat(ofThisRun(body.getList("event_properties"), "key")).containsExactly(
                Map.of("key", RUN + "plan", "type", "string", "examples", List.of("pro", "free"), "volume", 3));
        assertThat(ofThisRun(body.getList("event_names"), "name")).containsExactly(
                Map.of("name", RUN + "signup", "volume", 3));
        assertThat(body.getList("event_properties.key", String.class)).doesNotContain("");
    }

    @Test
    void oneProjectsKeyNeverSeesAnothersSchema() {
        String a = given().auth().oauth2(KEY_A).get("/v1/schema").then().statusCode(200).extract().asString();
        assertThat(a).doesNotContain(RUN + "_secret", RUN + "b_only", "of b");
        String b = given().auth().oauth2(KEY_B).get("/v1/schema").then().statusCode(200).extract().asString();
        assertThat(b).contains(RUN + "_secret", RUN + "b_only").doesNotContain(RUN + "_ms", RUN + "plan");
    }

    @Test
    void refusesWithoutAKey() {
        given().get("/v1/schema").then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
        given().auth().oauth2("ll_unknown0000000000000000000000000000000000000000000").get("/v1/schema").then()
                .statusCode(401);
    }

    @Test
    void theDashboardAnswersItsMembersProjectWhole() {
        Dashboard member = Dashboard.signUp();
        String[] project = member.orgWithProject("free");
        TestData.schemaFields()
                .add(project[1], "log_property", "orderId", "string", 0, 1500, "[\"ord_123\"]", 9, 1)
                .add(project[1], "log_property", "duration_ms", "number", 2, 8200, "[125,340]", 9, 2)
                .add(project[1], "event_property", "plan", "string", 0, 3400, "[\"pro\",\"free\"]", 9, 3)
                .add(project[1], "event_name", "signup", "", 0, 1200, "[]", 9, 4)
                .add(project[1], "event_name", "purchase", "", 0, 890, "[]", 9, 5)
                .insert();
        String path = "/api/orgs/" + project[0] + "/projects/" + project[1] + "/schema";

        Map<String, Object> body = given().auth().oauth2(member.jwt()).get(path).then().statusCode(200).extract()
                .jsonPath().getMap("");
        assertThat(body).isEqualTo(Map.of(
                "log_properties", List.of(
                        Map.of("key", "duration_ms", "type", "number", "examples", List.of(125, 340), "volume", 8200),
                        Map.of("key", "orderId", "type", "string", "examples", List.of("ord_123"), "volume", 1500)),
                "event_properties", List.of(
                        Map.of("key", "plan", "type", "string", "examples", List.of("pro", "free"), "volume", 3400)),
                "event_names", List.of(Map.of("name", "signup", "volume", 1200),
                        Map.of("name", "purchase", "volume", 890))));
        // Autocomplete names the discovered keys as fields, busiest first, after the named ones.
        String complete = "/api/orgs/" + project[0] + "/projects/" + project[1] + "/gql/autocomplete";
        List<Map<String, Object>> fields = given().auth().oauth2(member.jwt()).queryParam("q", "count by ")
                .get(complete).then().statusCode(200).extract().jsonPath().getList("suggestions");
        assertThat(fields).endsWith(
                Map.of("text", "duration_ms", "description", "number property, 8,200 logs", "kind", "field"),
                Map.of("text", "orderId", "description", "string property, 1,500 logs", "kind", "field"));
        given().auth().oauth2(member.jwt()).queryParam("q", "from:events | count by PL").get(complete).then()
                .statusCode(200).body("suggestions.text", equalTo(List.of("platform", "plan")))
                .body("suggestions.description", equalTo(List.of("Text field of events",
                        "string property, 3,400 events")));
        given().auth().oauth2(Dashboard.signUp().jwt()).get(path).then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        given().get(path).then().statusCode(401);
    }

    private static List<Map<String, Object>> ofThisRun(List<Map<String, Object>> items, String name) {
        return items.stream().filter(item -> String.valueOf(item.get(name)).startsWith(RUN)).toList();
    }
}
