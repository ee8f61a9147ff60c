package dev.eventlane.query.analytics.rest;

import static dev.eventlane.query.analytics.rest.TestData.KEY_A;
import static dev.eventlane.query.analytics.rest.TestData.KEY_B;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eventlane.platform.analytics.StepOrder;
import dev.eventlane.platform.time.ShiftedClock;
import dev.eventlane.testkit.StackResource;

@QuarkusTest
@QuarkusTestResource(StackResource.class)
class FunnelsResourceTest {

    /** "Now" as the services see it: moved by the clock sweep (see ShiftedClock). */
    private static final Clock CLOCK = ShiftedClock.fromSystemProperty();

    @Test
    void reportsStepsWithPercentagesRoundedHalfUp() {
        String funnel = TestData.unique("checkout");
        catalog(funnel, List.of("app_open", "view_product", "purchase"));
        long t0 = Instant.parse("2026-04-01T10:00:00Z").toEpochMilli();
        TestData.Rows rows = TestData.funnelEvents();
        // Three users open. u1 views at the same millisecond, u0 a minute later and buys one day after opening (just
        // within 1d); u2 views two days later: outside a 1-day window, inside the default 7 days.
        for (int u = 0; u < 3; u++) {
            rows.add("project-a", funnel, "u" + u, "app_open", t0, "a" + u);
        }
        rows.add("project-a", funnel, "u0", "view_product", t0 + 60_000, "v0");
        rows.add("project-a", funnel, "u1", "view_product", t0, "v1");
        rows.add("project-a", funnel, "u2", "view_product", t0 + 2 * 86_400_000L, "v2");
        rows.add("project-a", funnel, "u0", "purchase", t0 + 86_400_000L, "p0");
        rows.insert();

        String json = given().auth().oauth2(KEY_A).queryParam("funnel", funnel)
                .queryParam("from", "2026-04-01").queryParam("to", "2026-04-05").queryParam("window", "1d")
                .get("/funnel").then().statusCode(200).extract().asString();

        assertThat(json).isEqualTo("{\"funnel\":\"" + funnel + "\",\"window_seconds\":86400,\"steps\":["
                + "{\"step\":1,\"action\":\"app_open\",\"users\":3,\"completion_pct\":100.0,\"churn_pct\":0.0},"
                + "{\"step\":2,\"action\":\"view_product\",\"users\":2,\"completion_pct\":66.7,\"churn_pct\":33.3},"
                + "{\"step\":3,\"action\":\"purchase\",\"users\":1,\"completion_pct\":33.3,\"churn_pct\":50.0}],"
                + "\"conversion_pct\":33.3}");
        given().auth().oauth2(KEY_A).queryParam("funnel", funnel).queryParam("from", "2026-04-01")
                .queryParam("to", "2026-04-05").get("/funnel").then().statusCode(200)
                .body("window_seconds", equalTo(604800)).body("steps.users", equalTo(List.of(3, 3, 1)));
    }

    @Test
    void answersFromPrecomputedLevelsOnlyWhenTheyAreExactForTheRequest() {
        String funnel = TestData.unique("levels");
        List<String> steps = List.of("a", "b", "c");
        catalog(funnel, steps);
        long t0 = Instant.parse("2026-04-01T10:00:00Z").toEpochMilli();
        long day = 86_400_000L;
        TestData.funnelEvents().add("project-a", funnel, "u0", "a", t0, "a0")
                .add("project-a", funnel, "u0", "b", t0 + 60_000, "b0")
                .add("project-a", funnel, "u0", "c", t0 + 2 * day, "c0")
                .add("project-a", funnel, "u1", "a", t0 + 3_600_000, "a1").insert();
        // Levels that differ from the events on purpose, to tell which answered; u2's newer row (offset) wins.
        String order = StepOrder.fingerprint(steps);
        long week = 7 * day;
        TestData.funnelUserLevels().add("project-a", funnel, "u0", 3, order, week, t0, t0 + 2 * day, 0, 1)
                .add("project-a", funnel, "u1", 3, order, week, t0, t0 + 2 * day, 0, 2)
                .add("project-a", funnel, "u2", 2, order, week, t0, t0, 0, 4)
                .add("project-a", funnel, "u2", 1, order, week, t0, t0, 0, 3)
                .add("project-b", funnel, "u9", 1, "stale", week, 0, Long.MAX_VALUE, 0, 5).insert();

        assertAnswer(funnel, "range=all", "levels", 3, 3, 2);
        assertAnswer(funnel, "range=all&window=7d", "levels", 3, 3, 2);
        assertAnswer(funnel, "from=2026-04-01T10:00:00Z&to=2026-04-03T10:00:00.001Z", "levels", 3, 3, 2);
        assertAnswer(funnel, "from=2026-04-01T10:00:00.001Z&to=2026-04-10", "events", 1, 0, 0);
        assertAnswer(funnel, "from=2026-04-01&to=2026-04-03T10:00:00Z", "events", 2, 1, 0);
        assertAnswer(funnel, "range=all&window=1d", "events", 2, 1, 0);

        // One level computed with another step order, or an event in the future: the events answer.
        TestData.funnelUserLevels().add("project-a", funnel, "u3", 1, StepOrder.fingerprint(List.of("b", "a", "c")),
                week, t0, t0, 0, 6).insert();
        assertAnswer(funnel, "range=all", "events", 2, 1, 1);
        TestData.funnelUserLevels().add("project-a", funnel, "u3", 1, order, week, t0,
                CLOCK.millis() + day, 0, 7).insert();
        assertAnswer(funnel, "range=all", "events", 2, 1, 1);
    }

    private static void assertAnswer(String funnel, String query, String source, Integer... users) {
        List<Integer> reported = given().auth().oauth2(KEY_A).get("/funnel?funnel=" + funnel + "&" + query)
                .then().statusCode(200).header(FunnelsResource.SOURCE_HEADER, source)
                .extract().jsonPath().getList("steps.users", Integer.class);
        assertThat(reported).as(query).containsExactly(users);
    }

    @Test
    void withoutAFunnelReportsEveryFunnelOfTheProjectAsEachAlone() {
        String signup = TestData.unique("all_signup");
        String checkout = TestData.unique("all_checkout");
        catalog(signup, List.of("visit", "register"));
        catalog(checkout, List.of("cart", "pay", "receipt"));
        long t0 = Instant.parse("2026-05-01T10:00:00Z").toEpochMilli();
        TestData.funnelEvents().add("project-a", signup, "u0", "visit", t0, "sv0")
                .add("project-a", signup, "u1", "visit", t0, "sv1")
                .add("project-a", signup, "u1", "register", t0 + 60_000, "sr1")
                .add("project-a", checkout, "u0", "cart", t0, "cc0")
                .add("project-a", checkout, "u0", "pay", t0 + 2 * 86_400_000L, "cp0")
                .add("project-b", checkout, "u9", "cart", t0, "cc9").insert();
        TestData.funnelSteps().add("project-b", checkout, "cart", 1_000, 0, 0).insert();
        String query = "from=2026-05-01&to=2026-05-05&window=1d";

        JsonPath all = given().auth().oauth2(KEY_A).urlEncodingEnabled(false).get("/funnel?" + query)
                .then().statusCode(200).header(FunnelsResource.SOURCE_HEADER, "events").extract().jsonPath();

        List<String> names = all.getList("funnels.funnel", String.class);
        assertThat(names).contains(signup, checkout).isSorted();
        assertThat(all.getList("funnels.find { it.funnel == '" + signup + "' }.steps.users", Integer.class))
                .containsExactly(2, 1);
        assertThat(all.getList("funnels.find { it.funnel == '" + checkout + "' }.steps.users", Integer.class))
                .containsExactly(1, 0, 0);
        for (String funnel : List.of(signup, checkout)) {
            Object alone = given().auth().oauth2(KEY_A).urlEncodingEnabled(false)
                    .get("/funnel?funnel=" + funnel + "&" + query).then().statusCode(200).extract().jsonPath()
                    .get("$");
            assertThat((Object) all.get("funnels.find { it.funnel == '" + funnel + "' }")).isEqualTo(alone);
        }
        given().auth().oauth2(KEY_B).get("/funnel").then().statusCode(200)
                .body("funnels.findAll { it.funnel == '" + signup + "' }.size()", equalTo(0))
                .body("funnels.find { it.funnel == '" + checkout + "' }.steps.action", equalTo(List.of("cart")));
    }

    @Test
    void emptyRangeGivesZerosNotDivisionErrors() {
        String funnel = TestData.unique("empty");
        catalog(funnel, List.of("a", "b"));

        given().auth().oauth2(KEY_A).queryParam("funnel", funnel).queryParam("range", "24h")
                .get("/funnel").then().statusCode(200)
                .body("steps.users", equalTo(List.of(0, 0)))
                .body("steps.completion_pct", equalTo(List.of(0.0f, 0.0f)))
                .body("conversion_pct", equalTo(0.0f));
    }

    @Test
    void relativeRangesEndNow() {
        String funnel = TestData.unique("recent");
        catalog(funnel, List.of("a", "b"));
        long now = CLOCK.millis();
        TestData.funnelEvents()
                .add("project-a", funnel, "recent", "a", now - 3_600_000L, "r1")
                .add("project-a", funnel, "recent", "b", now - 3_500_000L, "r2")
                .add("project-a", funnel, "older", "a", now - 3 * 86_400_000L, "o1")
                .insert();

        given().auth().oauth2(KEY_A).queryParam("funnel", funnel).queryParam("range", "24h")
                .get("/funnel").then().statusCode(200).body("steps.users", equalTo(List.of(1, 1)));
        given().auth().oauth2(KEY_A).queryParam("funnel", funnel).queryParam("range", "7d")
                .get("/funnel").then().statusCode(200).body("steps.users", equalTo(List.of(2, 1)));
        given().auth().oauth2(KEY_A).queryParam("funnel", funnel).queryParam("range", "all")
                .get("/funnel").then().statusCode(200).body("steps.users", equalTo(List.of(2, 1)));
    }

    @Test
    void listsFunnelsWithStepsByFirstSeenThenNameAtMost50() {
        String funnel = TestData.unique("long");
        TestData.Rows rows = TestData.funnelSteps();
        for (int i = 0; i < 56; i++) {
            // s00..s55 first seen in reverse order, two at a time: (s54, s55), (s52, s53), ... ties by name.
            rows.add("project-a", funnel, String.format("s%02d", i), 1_000 - i / 2, 0, i);
        }
        rows.add("project-a", funnel, "s54", 5_000, 0, 99); // a later sighting changes nothing
        rows.add("project-a", funnel, "s07", 10, 0, 100); // an earlier one moves the step first
        rows.insert();
        List<String> expected = new ArrayList<>(List.of("s07"));
        for (int pair = 27; expected.size() < 50; pair--) {
            for (int i : new int[] {2 * pair, 2 * pair + 1}) {
                if (i != 7) {
                    expected.add(String.format("s%02d", i));
                }
            }
        }

        JsonPath body = given().auth().oauth2(KEY_A).get("/funnels").then().statusCode(200).extract().jsonPath();

        assertThat(body.getList("funnels.find { it.funnel == '" + funnel + "' }.steps", String.class))
                .containsExactlyElementsOf(expected);
        given().auth().oauth2(KEY_B).get("/funnels").then().statusCode(200)
                .body("funnels.findAll { it.funnel == '" + funnel + "' }.size()", equalTo(0));
    }

    @Test
    void unknownFunnelsAndOtherProjectsFunnelsAreNotFound() {
        String funnel = TestData.unique("mine");
        catalog(funnel, List.of("a"));

        given().auth().oauth2(KEY_A).queryParam("funnel", "no-such-funnel").get("/funnel")
                .then().statusCode(404).body("ok", equalTo(false)).body("error", equalTo("funnel_not_found"));
        given().auth().oauth2(KEY_B).queryParam("funnel", funnel).get("/funnel")
                .then().statusCode(404).body("error", equalTo("funnel_not_found"));
        given().auth().oauth2(KEY_A).queryParam("funnel", funnel).get("/funnel").then().statusCode(200);
        given().auth().oauth2(KEY_A).queryParam("funnel", funnel + "' OR funnel != '").get("/funnel")
                .then().statusCode(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30m", "24h", "2w", "90", "90s"})
    void windowsComeInUnitsOrSeconds(String window) {
        String funnel = TestData.unique("windows");
        catalog(funnel, List.of("a"));
        long seconds = switch (window) {
            case "30m" -> 1800;
            case "24h" -> 86_400;
            case "2w" -> 1_209_600;
            default -> 90;
        };

        given().auth().oauth2(KEY_A).queryParam("funnel", funnel).queryParam("window", window).get("/funnel")
                .then().statusCode(200).body("window_seconds", equalTo((int) seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"range=2d", "window=7y", "funnel=x&window=-1", "funnel=x&window=7y", "funnel=x&window=1.5h",
            "funnel=x&window=40000w", "funnel=x&range=2d", "funnel=x&range=7d&from=2026-01-01",
            "funnel=x&from=2026-02-30", "funnel=x&to=soon", "funnel=x&from=2026-02-02&to=2026-02-01"})
    void badParametersAreBadRequests(String query) {
        given().auth().oauth2(KEY_A).urlEncodingEnabled(false).get("/funnel?" + query)
                .then().statusCode(400).body("ok", equalTo(false)).body("error", equalTo("invalid_parameter"));
    }

    @Test
    void keysAreRequired() {
        given().get("/funnels").then().statusCode(401).body("error", equalTo("missing_key"));
        given().auth().oauth2("ll_unknown").queryParam("funnel", "x").get("/funnel").then().statusCode(401)
                .body("error", equalTo("invalid_key"));
    }

    static void catalog(String funnel, List<String> steps) {
        TestData.Rows rows = TestData.funnelSteps();
        for (int i = 0; i < steps.size(); i++) {
            rows.add("project-a", funnel, steps.get(i), 1_000 + i, 0, i);
        }
        rows.insert();
    }
}
