package dev.eventlane.query.analytics.rest;

import static dev.eventlane.query.analytics.rest.TestData.KEY_A;
import static dev.eventlane.query.analytics.rest.TestData.KEY_B;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StackResource.class)
class RetentionResourceTest {

    @Test
    void dailyCohortsByFirstDayEver() {
        // Only this test writes days of 2003 into project-a.
        String a = TestData.unique("a");
        String b = TestData.unique("b");
        String c = TestData.unique("c");
        String early = TestData.unique("early");
        TestData.userDays()
                .add("project-a", a, "2003-01-05", 0, 1).add("project-a", a, "2003-01-06", 0, 2)
                .add("project-a", a, "2003-01-08", 0, 3).add("project-a", a, "2003-01-20", 0, 4)
                .add("project-a", b, "2003-01-05", 0, 5).add("project-a", b, "2003-01-07", 0, 6)
                .add("project-a", c, "2003-01-06", 0, 7).add("project-a", c, "2003-01-07", 0, 8)
                // First seen before the range: never part of a cohort in it, though active in it.
                .add("project-a", early, "2002-12-31", 0, 9).add("project-a", early, "2003-01-05", 0, 10)
                .add("project-a", early, "2003-01-06", 0, 11)
                .add("project-b", c, "2003-01-05", 0, 12)
                .insert();

        String json = given().auth().oauth2(KEY_A).queryParam("from", "2003-01-05").queryParam("to", "2003-01-07")
                .queryParam("periods", 4).get("/retention").then().statusCode(200).extract().asString();

        assertThat(json).isEqualTo("{\"interval\":\"day\",\"cohorts\":["
                + "{\"cohort\":\"2003-01-05\",\"size\":2,\"retained\":[2,1,1,1],"
                + "\"retained_pct\":[100.0,50.0,50.0,50.0]},"
                + "{\"cohort\":\"2003-01-06\",\"size\":1,\"retained\":[1,1,0,0],"
                + "\"retained_pct\":[100.0,100.0,0.0,0.0]}]}");
        given().auth().oauth2(KEY_A).queryParam("from", "2003-01-01").queryParam("to", "2003-01-05")
                .get("/retention").then().statusCode(200).body("cohorts.size()", equalTo(0));
        given().auth().oauth2(KEY_B).queryParam("from", "2003-01-05").queryParam("to", "2003-01-07")
                .get("/retention").then().statusCode(200)
                .body("cohorts.cohort", equalTo(List.of("2003-01-05"))).body("cohorts[0].retained.size()", equalTo(14));
    }

    @Test
    void weeklyCohortsAreLabelledByTheirMonday() {
        // Only this test writes days of 2004 into project-a. 2004-03-01 is a Monday.
        String a = TestData.unique("a");
        String b = TestData.unique("b");
        String c = TestData.unique("c");
        TestData.userDays()
                .add("project-a", a, "2004-03-03", 0, 1).add("project-a", a, "2004-03-14", 0, 2)
                .add("project-a", a, "2004-03-15", 0, 3)
                .add("project-a", b, "2004-03-07", 0, 4).add("project-a", b, "2004-03-22", 0, 5)
                .add("project-a", c, "2004-03-09", 0, 6).add("project-a", c, "2004-03-10", 0, 7)
                .insert();

        String json = given().auth().oauth2(KEY_A).queryParam("interval", "week").queryParam("periods", 4)
                .queryParam("from", "2004-03-01").queryParam("to", "2004-03-15")
                .get("/retention").then().statusCode(200).extract().asString();

        assertThat(json).isEqualTo("{\"interval\":\"week\",\"cohorts\":["
                + "{\"cohort\":\"2004-03-01\",\"size\":2,\"retained\":[2,1,1,1],"
                + "\"retained_pct\":[100.0,50.0,50.0,50.0]},"
                + "{\"cohort\":\"2004-03-08\",\"size\":1,\"retained\":[1,0,0,0],"
                + "\"retained_pct\":[100.0,0.0,0.0,0.0]}]}");
        // A cohort holds only the users whose start is in range: from Thursday on, a (first seen on Wednesday) is
        // left out of that week's cohort and b (Sunday) stays.
        given().auth().oauth2(KEY_A).queryParam("interval", "week").queryParam("from", "2004-03-04")
                .queryParam("to", "2004-03-08").get("/retention").then().statusCode(200)
                .body("cohorts.cohort", equalTo(List.of("2004-03-01"))).body("cohorts[0].size", equalTo(1))
                .body("cohorts[0].retained.size()", equalTo(8));
    }

    @Test
    void percentagesRoundHalfUp() {
        // Only this test writes days of 2005 into project-a: 3 users, 2 come back, then 1.
        TestData.Rows rows = TestData.userDays();
        for (int u = 0; u < 3; u++) {
            String user = TestData.unique("u" + u);
            rows.add("project-a", user, "2005-06-01", 0, u);
            if (u < 2) {
                rows.add("project-a", user, "2005-06-02", 0, 10 + u);
            }
            if (u < 1) {
                rows.add("project-a", user, "2005-06-03", 0, 20 + u);
            }
        }
        rows.insert();

        given().auth().oauth2(KEY_A).queryParam("from", "2005-06-01").queryParam("to", "2005-06-02")
                .queryParam("periods", 3).get("/retention").then().statusCode(200)
                .body("cohorts[0].retained", equalTo(List.of(3, 2, 1)))
                .body("cohorts[0].retained_pct", equalTo(List.of(100.0f, 66.7f, 33.3f)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"interval=month", "periods=0", "periods=366", "periods=x", "range=5d",
            "range=7d&from=2003-01-01", "from=2003-01-32"})
    void badParametersAreBadRequests(String query) {
        given().auth().oauth2(KEY_A).urlEncodingEnabled(false).get("/retention?" + query)
                .then().statusCode(400).body("ok", equalTo(false)).body("error", equalTo("invalid_parameter"));
    }
}
