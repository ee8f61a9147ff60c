package dev.eventlane.query.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import dev.eventlane.testkit.StackResource;

/** The dashboard's static app: where it is served, the redirects to it, its vendored charts and its headers. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class DashboardRoutesTest {

    @Test
    void theRootAndTheBarePrefixRedirectToTheApp() {
        given().redirects().follow(false).get("/").then().statusCode(302).header("Location", "/app/");
        given().redirects().follow(false).get("/app").then().statusCode(302).header("Location", "/app/");
    }

    @Test
    void theAppIsServedWithAStrictContentSecurityPolicy() {
        given().redirects().follow(false).get("/app/").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("js/main.js"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
        given().get("/app/js/main.js").then().statusCode(200).contentType(containsString("javascript"));
    }

    @Test
    void theChartLibraryComesFromItsWebjarUnderThePrefix() {
        given().get("/app/vendor/uplot/1.6.30/dist/uPlot.esm.js").then().statusCode(200)
                .contentType(containsString("javascript")).body(containsString("export"));
    }

    @Test
    void filesAndJsonAreGzippedForClientsThatAcceptItAndVersionedFilesAreCachedForAYear() {
        given().header("Accept-Encoding", "gzip").get("/app/js/main.js").then().statusCode(200)
                .header("Content-Encoding", equalTo("gzip")).header("Cache-Control", equalTo("no-cache"))
                .body(containsString("import"));
        given().header("Accept-Encoding", "gzip").get("/app/vendor/uplot/1.6.30/dist/uPlot.esm.js").then()
                .statusCode(200).header("Content-Encoding", equalTo("gzip"))
                .header("Cache-Control", equalTo("public, max-age=31536000, immutable"));
        given().header("Accept-Encoding", "gzip").get("/openapi.json").then().statusCode(200)
                .header("Content-Encoding", equalTo("gzip"));
    }

    @Test
    void unknownPathsOutsideTheAppAreStillNotFound() {
        given().redirects().follow(false).get("/nope").then().statusCode(404);
        given().redirects().follow(false).get("/app/nope.js").then().statusCode(404)
                .header("Content-Security-Policy", startsWith("default-src"));
    }
}
