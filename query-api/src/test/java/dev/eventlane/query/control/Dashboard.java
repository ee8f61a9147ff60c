package dev.eventlane.query.control;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** A signed-up user driving the dashboard API through HTTP, as a test's actor. */
public final class Dashboard {

    final String email;
    final String jwt;

    private Dashboard(String email, String jwt) {
        this.email = email;
        this.jwt = jwt;
    }

    /** The operator configured for tests ({@code %test.eventlane.control.operator-*}), created at start-up. */
    static Dashboard operator() {
        String email = "operator@eventlane.test";
        String jwt = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "operator test password")).post("/api/auth/login").then()
                .statusCode(200).extract().path("token");
        return new Dashboard(email, jwt);
    }

    public static Dashboard signUp() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        String jwt = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "correct horse"))
                .post("/api/auth/signup").then().statusCode(201).extract().path("token");
        return new Dashboard(email, jwt);
    }

    public String jwt() {
        return jwt;
    }

    /** An org with one project on {@code plan} (set by the operator); returns {org id, project id}. */
    public String[] orgWithProject(String plan) {
        String org = post("/api/orgs", Map.of("name", "Org of " + email)).getString("id");
        String slug = "p-" + UUID.randomUUID().toString().substring(0, 12);
        String project = post("/api/orgs/" + org + "/projects", Map.of("name", "Shop", "slug", slug))
                .getString("id");
        if (!"free".equals(plan)) {
            operator().setPlan(project, plan);
        }
        return new String[] {org, project};
    }

    /** As an operator: moves any project to {@code plan}. */
    void setPlan(String project, String plan) {
        given().auth().oauth2(jwt).contentType(ContentType.JSON).body(Map.of("plan", plan))
                .put("/api/admin/projects/" + project).then().statusCode(200);
    }

    /** A new key of the project: the whole create answer (with {@code key}, shown once). */
    JsonPath key(String org, String project, String type, List<String> scopes) {
        Map<String, Object> body = scopes == null ? Map.of("type", type) : Map.of("type", type, "scopes", scopes);
        return post("/api/orgs/" + org + "/projects/" + project + "/keys", body);
    }

    JsonPath post(String path, Object body) {
        return given().auth().oauth2(jwt).contentType(ContentType.JSON).body(body).post(path).then()
                .statusCode(201).extract().jsonPath();
    }
}
