package dev.eventlane.query.web;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** A signed-up user with one org and one project, holding a personal access token, as a test's actor. */
final class WebTenant {

    final String slug;
    final String projectId;
    final String pat;

    private WebTenant(String slug, String projectId, String pat) {
        this.slug = slug;
        this.projectId = projectId;
        this.pat = pat;
    }

    static WebTenant create() {
        String email = "web-" + UUID.randomUUID() + "@example.com";
        String jwt = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "correct horse"))
                .post("/api/auth/signup").then().statusCode(201).extract().path("token");
        String org = post(jwt, "/api/orgs", Map.of("name", "Web")).getString("id");
        String slug = "web-" + UUID.randomUUID().toString().substring(0, 12);
        String project = post(jwt, "/api/orgs/" + org + "/projects", Map.of("name", "Site", "slug", slug))
                .getString("id");
        String pat = post(jwt, "/api/tokens", Map.of("name", "dashboards", "expires_in_days", 7)).getString("token");
        return new WebTenant(slug, project, pat);
    }

    private static JsonPath post(String jwt, String path, Object body) {
        return given().auth().oauth2(jwt).contentType(ContentType.JSON).body(body).post(path).then().statusCode(201)
                .extract().jsonPath();
    }

    RequestSpecification request() {
        return given().auth().oauth2(pat);
    }

    /** GET {@code /api/web-events/<slug><path>} with {@code params}, expecting 200. */
    JsonPath get(String path, Map<String, ?> params) {
        return request().queryParams(params).get("/api/web-events/" + slug + path).then().statusCode(200)
                .extract().jsonPath();
    }
}
