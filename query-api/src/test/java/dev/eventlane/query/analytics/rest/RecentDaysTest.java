package dev.eventlane.query.analytics.rest;

import static dev.eventlane.query.analytics.rest.TestData.KEY_C;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.time.ShiftedClock;
import dev.eventlane.testkit.StackResource;

/** The day-based endpoints on ranges relative to today, on project-c, which only this test writes. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class RecentDaysTest {

    /** "Now" as the services see it: moved by the clock sweep (see ShiftedClock). */
    private static final Clock CLOCK = ShiftedClock.fromSystemProperty();

    @Test
    void rangesEndTodayAndAllStartsOnTheFirstActiveDay() {
        given().auth().oauth2(KEY_C).delete("/events").then().statusCode(200);
        LocalDate today = LocalDate.now(CLOCK);
        long todayMs = today.toEpochDay() * 86_400_000L;
        TestData.userDays()
                .add("project-c", "first", today.minusDays(3), 0, 1).add("project-c", "first", today, 0, 2)
                .add("project-c", "second", today.minusDays(1), 0, 3).add("project-c", "second", today, 0, 4)
                .insert();
        TestData.purchases().add("project-c", "p1", "first", todayMs - 2 * 86_400_000L + 5, "9.99", 0, 1)
                .add("project-c", "p2", "second", todayMs + 1, "0.01", 0, 2).insert();

        JsonPath dau = given().auth().oauth2(KEY_C).queryParam("range", "all").get("/dau")
                .then().statusCode(200).extract().jsonPath();
        JsonPath week = given().auth().oauth2(KEY_C).queryParam("range", "7d").get("/dau")
                .then().statusCode(200).extract().jsonPath();
        JsonPath revenue = given().auth().oauth2(KEY_C).queryParam("range", "all").get("/revenue")
                .then().statusCode(200).extract().jsonPath();
        JsonPath daily = given().auth().oauth2(KEY_C).queryParam("range", "all").queryParam("periods", 10)
                .get("/retention").then().statusCode(200).extract().jsonPath();
        JsonPath weekly = given().auth().oauth2(KEY_C).queryParam("range", "7d").queryParam("interval", "week")
                .get("/retention").then().statusCode(200).extract().jsonPath();
        Assumptions.assumeTrue(today.equals(LocalDate.now(CLOCK)), "the UTC day changed during the test");

        assertThat(dau.getList("days.day")).containsExactly(days(today, 3, 2, 1, 0));
        assertThat(dau.getList("days.users", Integer.class)).containsExactly(1, 0, 1, 2);
        assertThat(week.getList("days.day")).containsExactly(days(today, 6, 5, 4, 3, 2, 1, 0));
        assertThat(week.getList("days.users", Integer.class)).containsExactly(0, 0, 0, 1, 0, 1, 2);
        assertThat(revenue.getList("days.revenue", Float.class)).containsExactly(0f, 9.99f, 0f, 0.01f);
        assertThat(revenue.getList("days.purchases", Integer.class)).containsExactly(0, 1, 0, 1);
        // Periods that start after today are left out.
        assertThat(daily.getList("cohorts.cohort")).containsExactly(days(today, 3, 1));
        assertThat(daily.getList("cohorts[0].retained", Integer.class)).containsExactly(1, 0, 0, 1);
        assertThat(daily.getList("cohorts[1].retained", Integer.class)).containsExactly(1, 1);
        LocalDate monday = today.minusDays(3).with(DayOfWeek.MONDAY);
        assertThat(weekly.getString("cohorts[0].cohort")).isEqualTo(monday.toString());
        assertThat(weekly.getList("cohorts[0].retained", Integer.class)).hasSize(
                (int) (ChronoUnit.DAYS.between(monday, today) / 7) + 1);
    }

    private static String[] days(LocalDate today, int... daysAgo) {
        return Arrays.stream(daysAgo).mapToObj(ago -> today.minusDays(ago).toString())
                .toArray(String[]::new);
    }
}
