package dev.eventlane.query.control;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The log-in flood attack: 200 log-ins with unknown emails and 128-character passwords, 64 at a time, from one
 * address. With production-like limits the flooder gets 429s with {@code Retry-After}, nothing answers 5xx, and
 * another tenant's read and a real user's log-in from another address go through meanwhile.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
@TestProfile(LoginFloodTest.Limits.class)
class LoginFloodTest {

    private static final String FLOODER = "203.0.113.7";
    private static final String PASSWORD_128 = "p".repeat(128);
    private static final String OTHER_TENANT_KEY = "ll_testkeyA0000000000000000000000000000000000000000";

    /** The defaults' shape, smaller: the test proxy (loopback) is trusted, so each request names its address. */
    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eventlane.control.login.attempts-per-address", "10",
                    "eventlane.control.login.attempts-per-account", "5",
                    "eventlane.control.login.max-concurrent-hashes", "2",
                    "eventlane.control.login.hash-wait", "2s",
                    "eventlane.control.login.trusted-proxies", "127.0.0.1,::1");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void aLoginFloodGets429sWhileOthersAreServed() throws Exception {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        auth("signup", email, "correct horse", "198.51.100.20").then().statusCode(201);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService flood = Executors.newFixedThreadPool(64);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String body = "{\"email\":\"nobody-" + UUID.randomUUID() + "@example.com\",\"password\":\"" + PASSWORD_128
                    + "\"}";
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/auth/login"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .header("X-Forwarded-For", FLOODER).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            answers.add(flood.submit(() -> http.send(request, HttpResponse.BodyHandlers.ofString())));
        }
        // Meanwhile: another tenant reads, and a real user logs in from their own address.
        given().auth().oauth2(OTHER_TENANT_KEY).get("/events?limit=1").then().statusCode(200);
        auth("login", email, "correct horse", "198.51.100.20").then().statusCode(200);

        int limited = 0;
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isIn(401, 429);
            if (response.statusCode() == 429) {
                limited++;
                assertThat(response.headers().firstValueAsLong("Retry-After").orElse(0)).isPositive();
                assertThat(response.body()).contains("\"code\":\"RATE_LIMITED\"");
            }
        }
        flood.shutdown();
        assertThat(limited).as("answers 429 of 200").isGreaterThanOrEqualTo(180);
        auth("login", email, "correct horse", "198.51.100.21").then().statusCode(200);
    }

    @Test
    void guessingOneAccountFromManyAddressesIsLimitedPerAccount() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        auth("signup", email, "correct horse", "198.51.100.30").then().statusCode(201);
        for (int i = 1; i <= 4; i++) {
            auth("login", email, "wrong guess " + i, "192.0.2." + i).then().statusCode(401);
        }
        Response refused = auth("login", email, "correct horse", "192.0.2.99");
        refused.then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        assertThat(refused.jsonPath().getString("error.code")).isEqualTo("RATE_LIMITED");
    }

    private static Response auth(String action, String email, String password, String address) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body(Map.of("email", email, "password", password)).post("/api/auth/" + action);
    }
}
