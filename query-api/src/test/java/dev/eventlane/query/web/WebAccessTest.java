package dev.eventlane.query.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eventlane.platform.time.ShiftedClock;
import dev.eventlane.testkit.StackResource;

/** Who may read a project's web analytics, the reference's status codes, parameter bounds and recent events. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class WebAccessTest {

    /** "Now" as the services see it (moved by the clock sweep, see ShiftedClock). */
    private static final Clock CLOCK = ShiftedClock.fromSystemProperty();

    private static final List<String> PATHS = List.of("", "/count", "/kpis", "/timeseries", "/top-pages",
            "/top-referrers", "/top-countries", "/top-locations", "/top-browsers", "/top-os", "/top-devices",
            "/top-entry-pages", "/top-exit-pages", "/top-flows", "/custom-events", "/recent-events",
            "/visitor/01HVANYONE", "/visitor/01HVANYONE/sessions");

    @Test
    void everyEndpointAnswersItsProjectsMemberAndNobodyElse() {
        WebTenant owner = WebTenant.create();
        WebTenant stranger = WebTenant.create();
        long now = CLOCK.millis();
        WebEvent.insert(owner.projectId, List.of(event("e1", "01HVANYONE", now - 60_000)));
        for (String path : PATHS) {
            String url = "/api/web-events/" + owner.slug + path;
            owner.request().get(url).then().statusCode(200);
            given().get(url).then().statusCode(401);
            given().auth().oauth2("pat_" + "x".repeat(48)).get(url).then().statusCode(401);
            stranger.request().get(url).then().statusCode(404).body("error", equalTo("project_not_found"));
            owner.request().get("/api/web-events/no-such-project-" + owner.slug + path).then().statusCode(404);
            owner.request().get("/api/web-events/Not_A_Slug" + path).then().statusCode(400)
                    .body("error", equalTo("invalid_project"));
        }
        // The stranger's own project exists and is empty: nothing of the owner's leaks into it.
        assertThat(stranger.get("/count", Map.of("range", "1h")).getLong("count")).isZero();
        assertThat(owner.get("/count", Map.of("range", "1h")).getLong("count")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad.id", "01HV%2Cx", "x%27%20OR%201%3D1",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void aMalformedVisitorIdIs400(String visitor) {
        WebTenant tenant = WebTenant.create();
        for (String tail : List.of("", "/sessions")) {
            tenant.request().urlEncodingEnabled(false).get("/api/web-events/" + tenant.slug + "/visitor/" + visitor
                    + tail).then().statusCode(400).body("error", equalTo("invalid_visitor_id"));
        }
    }

    @Test
    void parametersOutOfBoundsAre400AndLimitsAreCapped() {
        WebTenant tenant = WebTenant.create();
        String base = "/api/web-events/" + tenant.slug;
        for (String query : List.of("/top-flows?depth=1", "/top-flows?depth=6", "/recent-events?windowMs=59999",
                "/recent-events?windowMs=3600001", "/kpis?range=2w", "?limit=0", "?limit=ten", "/top-pages?limit=-1")) {
            tenant.request().get(base + query).then().statusCode(400).body("error", equalTo("invalid_parameter"));
        }
        tenant.request().queryParam("filter", "colour:red").get(base + "/kpis").then().statusCode(400)
                .body("error", equalTo("invalid_filter"));
        long now = CLOCK.millis();
        List<WebEvent> many = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            many.add(event(String.format("e%04d", i), "01HVMANY", now - 1000 - i));
        }
        WebEvent.insert(tenant.projectId, many);
        assertThat(tenant.get("/recent-events", Map.of("limit", 10_000)).getList("items")).hasSize(500);
        assertThat(tenant.get("", Map.of("limit", 10_000, "range", "1h")).getList("items")).hasSize(600);
        assertThat(tenant.get("/top-flows", Map.of()).getInt("depth")).isEqualTo(3);
    }

    @Test
    void recentEventsLookBackTheirWindowOnly() {
        WebTenant tenant = WebTenant.create();
        long now = CLOCK.millis();
        WebEvent.insert(tenant.projectId, List.of(event("two-minutes", "01HVR", now - 120_000),
                event("ten-minutes", "01HVR", now - 600_000), event("two-hours", "01HVR", now - 7_200_000)));
        JsonPath recent = tenant.get("/recent-events", Map.of());
        assertThat(recent.getList("items.id", String.class)).containsExactly("two-minutes");
        assertThat(tenant.get("/recent-events", Map.of("windowMs", 3_600_000)).getList("items.id", String.class))
                .containsExactly("two-minutes", "ten-minutes");
        assertThat(tenant.get("/recent-events", Map.of("windowMs", 3_600_000, "filter", "path:/other"))
                .getList("items")).isEmpty();
    }

    private static WebEvent event(String id, String visitor, long ts) {
        return new WebEvent(id, "pageview", "pageview", "/", "https://example.com/", "", visitor, "01HS" + visitor,
                "RO", "Chrome", "macOS", "desktop", ts);
    }
}
