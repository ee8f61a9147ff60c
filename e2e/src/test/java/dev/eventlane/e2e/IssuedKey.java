package dev.eventlane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

/**
 * A new user, org and project with a secret key, made through query-api's dashboard API: the owner (signed in with
 * a JWT), the project's API path and the key, shown once.
 */
record IssuedKey(Http owner, String projectPath, String projectId, String id, String key) {

    /** The instance administrator every query-api of these tests is started with ({@link Service}). */
    static final String OPERATOR_EMAIL = "operator@eventlane.e2e";
    static final String OPERATOR_PASSWORD = "operator-e2e-password";

    static IssuedKey create(String queryUrl, String plan) {
        String email = "e2e-" + UUID.randomUUID() + "@example.com";
        Http.Reply signup = new Http("none").post(queryUrl + "/api/auth/signup",
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}");
        assertThat(signup.status()).isEqualTo(201);
        Http owner = new Http(signup.body().get("token").asText());
        String org = created(owner.post(queryUrl + "/api/orgs", "{\"name\":\"E2E\"}"));
        String project = created(owner.post(queryUrl + "/api/orgs/" + org + "/projects",
                "{\"name\":\"E2E\",\"slug\":\"e2e-" + UUID.randomUUID().toString().substring(0, 8) + "\"}"));
        if (!plan.equals("free")) {
            setPlan(queryUrl, project, plan);
        }
        String projectPath = "/api/orgs/" + org + "/projects/" + project;
        Http.Reply key = owner.post(queryUrl + projectPath + "/keys", "{\"type\":\"secret\"}");
        assertThat(key.status()).isEqualTo(201);
        return new IssuedKey(owner, projectPath, project, key.body().get("id").asText(),
                key.body().get("key").asText());
    }

    /** Plans are the operator's to set. */
    static void setPlan(String queryUrl, String project, String plan) {
        Http.Reply login = new Http("none").post(queryUrl + "/api/auth/login",
                "{\"email\":\"" + OPERATOR_EMAIL + "\",\"password\":\"" + OPERATOR_PASSWORD + "\"}");
        assertThat(login.status()).isEqualTo(200);
        Http operator = new Http(login.body().get("token").asText());
        assertThat(operator.put(queryUrl + "/api/admin/projects/" + project, "{\"plan\":\"" + plan + "\"}")
                .status()).isEqualTo(200);
    }

    String keysPath() {
        return projectPath + "/keys";
    }

    private static String created(Http.Reply reply) {
        assertThat(reply.status()).isEqualTo(201);
        return reply.body().get("id").asText();
    }
}
