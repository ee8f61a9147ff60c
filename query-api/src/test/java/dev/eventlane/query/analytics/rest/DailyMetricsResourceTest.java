package dev.eventlane.query.analytics.rest;

import static dev.eventlane.query.analytics.rest.TestData.KEY_A;
import static dev.eventlane.query.analytics.rest.TestData.KEY_B;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StackResource.class)
class DailyMetricsResourceTest {

    @Test
    void dauCountsDistinctUsersOnEveryDayIncludingZeros() {
        // Only this test writes days of March 2002 into project-a.
        String u1 = TestData.unique("usr");
        String u2 = TestData.unique("usr");
        TestData.userDays()
                .add("project-a", u1, "2002-03-01", 0, 1).add("project-a", u2, "2002-03-01", 0, 2)
                .add("project-a", u1, "2002-03-01", 0, 3) // published twice: still one user
                .add("project-a", u2, "2002-03-03", 0, 4)
                .add("project-a", u1, "2002-03-06", 0, 5)
                .add("project-b", u1, "2002-03-02", 0, 6)
                .insert();

        String json = given().auth().oauth2(KEY_A).queryParam("from", "2002-03-01").queryParam("to", "2002-03-06")
                .get("/dau").then().statusCode(200).extract().asString();

        assertThat(json).isEqualTo("{\"days\":[{\"day\":\"2002-03-01\",\"users\":2},"
                + "{\"day\":\"2002-03-02\",\"users\":0},"
                + "{\"day\":\"2002-03-03\",\"users\":1},{\"day\":\"2002-03-04\",\"users\":0},"
                + "{\"day\":\"2002-03-05\",\"users\":0}]}");
        // from and to are truncated to their UTC day: to is 2002-03-06T23:00Z, so the 6th is out.
        given().auth().oauth2(KEY_A).queryParam("from", "2002-03-01T23:30:00Z")
                .queryParam("to", "2002-03-07T01:00:00+02:00").get("/dau").then().statusCode(200)
                .body("days.day", equalTo(List.of("2002-03-01", "2002-03-02", "2002-03-03", "2002-03-04",
                        "2002-03-05")))
                .body("days.users", equalTo(List.of(2, 0, 1, 0, 0)));
        given().auth().oauth2(KEY_A).queryParam("from", "2002-03-05").queryParam("to", "2002-03-07").get("/dau")
                .then().statusCode(200).body("days.users", equalTo(List.of(0, 1)));
        given().auth().oauth2(KEY_B).queryParam("from", "2002-03-01").queryParam("to", "2002-03-04").get("/dau")
                .then().statusCode(200).body("days.users", equalTo(List.of(0, 1, 0)));
    }

    @Test
    void revenueIsExactToTheCentPerUtcDay() {
        // Only this test writes purchases of April 2002 into project-a.
        long day1 = Instant.parse("2002-04-01T00:00:00Z").toEpochMilli();
        long day2 = Instant.parse("2002-04-02T00:00:00Z").toEpochMilli();
        TestData.Rows rows = TestData.purchases();
        for (int i = 0; i < 1000; i++) {
            // 1000 × 0.1 + 1000 × 0.0011 = 101.1 exactly; in doubles it would not be.
            rows.add("project-a", "p" + i, "u", day1 + i, "0.1", 0, i);
            rows.add("project-a", "q" + i, "u", day1 + 86_399_999L - i, "0.0011", 0, 1000 + i);
        }
        // 1234.495: the day's sum rounds half up, once, to 1234.50.
        rows.add("project-a", "half", "u", day2, "0.005", 0, 3000);
        rows.add("project-a", "last", "u", day2 + 86_399_999L, "1234.49", 0, 3001);
        rows.add("project-b", "theirs", "u", day2, "99", 0, 3002);
        rows.insert();

        String json = given().auth().oauth2(KEY_A).queryParam("from", "2002-04-01").queryParam("to", "2002-04-04")
                .get("/revenue").then().statusCode(200).extract().asString();

        assertThat(json).isEqualTo("{\"days\":[{\"day\":\"2002-04-01\",\"revenue\":101.10,\"purchases\":2000},"
                + "{\"day\":\"2002-04-02\",\"revenue\":1234.50,\"purchases\":2},"
                + "{\"day\":\"2002-04-03\",\"revenue\":0.00,\"purchases\":0}]}");
    }

    @Test
    void rangeParametersApply() {
        given().auth().oauth2(KEY_A).queryParam("range", "7d").get("/dau").then().statusCode(200)
                .body("days.size()", equalTo(7));
        given().auth().oauth2(KEY_A).queryParam("range", "24h").get("/revenue").then().statusCode(200)
                .body("days.size()", equalTo(1));
        given().auth().oauth2(KEY_A).get("/revenue").then().statusCode(200).body("days.size()", equalTo(30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dau?range=2d", "/dau?from=2002-02-30", "/dau?range=all&from=2002-01-01",
            "/revenue?to=tomorrow", "/revenue?range=1w", "/revenue?from=2002-02-02&to=2002-02-01"})
    void badParametersAreBadRequests(String path) {
        given().auth().oauth2(KEY_A).urlEncodingEnabled(false).get(path)
                .then().statusCode(400).body("ok", equalTo(false)).body("error", equalTo("invalid_parameter"));
    }

    @Test
    void keysAreRequired() {
        given().get("/dau").then().statusCode(401).body("error", equalTo("missing_key"));
        given().auth().oauth2("ll_unknown").get("/revenue").then().statusCode(401)
                .body("error", equalTo("invalid_key"));
    }
}
