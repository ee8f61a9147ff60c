package dev.eventlane.query.gql;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import dev.eventlane.query.control.Dashboard;
import dev.eventlane.testkit.StackResource;

/**
 * {@code POST /v1/gql/nl} and the dashboard's, on a server whose operator configured no model: 501
 * {@code NOT_CONFIGURED} in GoodLogs' error body, after authentication and tenancy as for every GQL endpoint. (With
 * a model: {@link GqlNaturalLanguageTest}.)
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class GqlNlResourceTest {

    private static final String KEY_A = "ll_testkeyA0000000000000000000000000000000000000000";
    private static final Map<String, String> PROMPT = Map.of("prompt", "show me errors from the last hour", "mode",
            "explorer");

    @Test
    void withoutAModelBothEndpointsAnswerNotConfigured() {
        given().auth().oauth2(KEY_A).contentType(ContentType.JSON).body(PROMPT).post("/v1/gql/nl").then()
                .statusCode(501).body("error.code", equalTo("NOT_CONFIGURED"))
                .body("error.message", containsString("eventlane.gql.nl.url"));
        given().contentType(ContentType.JSON).body(PROMPT).post("/v1/gql/nl").then().statusCode(401)
                .body("error.code", equalTo("UNAUTHORIZED"));

        Dashboard member = Dashboard.signUp();
        String[] project = member.orgWithProject("free");
        String path = "/api/orgs/" + project[0] + "/projects/" + project[1] + "/gql/nl";
        given().auth().oauth2(member.jwt()).contentType(ContentType.JSON).body(PROMPT).post(path).then()
                .statusCode(501).body("error.code", equalTo("NOT_CONFIGURED"));
        given().auth().oauth2(Dashboard.signUp().jwt()).contentType(ContentType.JSON).body(PROMPT).post(path).then()
                .statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        given().contentType(ContentType.JSON).body(PROMPT).post(path).then().statusCode(401);
    }
}
