package dev.eventlane.query.analytics.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code GET /v1/logs} on real ClickHouse: filters, sealed and plain entries, one project only, LogFlux errors. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class LogsResourceTest {

    @Test
    void entriesOfTheKeysProjectNewestFirstWithFilters() {
        String node = TestData.unique("node");
        TestData.Rows logs = new TestData.Rows("logs", "project_id, log_id, source, node, level, severity, ts_ms,"
                + " received_ms, message, encryption_mode, payload, iv, salt, properties, kafka_partition, kafka_offset");
        logs.add("project-a", "log_1", "logflux", node, 4, "", 1762000000000L, 1762000000000L, "", 1, "cGF5bG9hZA==",
                        "aXY=", "c2FsdA==", "{}", 0, 1)
                .add("project-a", "log_2", "goodlogs", node, 7, "info", 1762000001000L, 1762000001000L, "hello", 0,
                        "", "", "", "{\"service\":\"billing\"}", 0, 2)
                .add("project-b", "log_3", "logflux", node, 4, "", 1762000002000L, 1762000002000L, "", 1, "eA==",
                        "eQ==", "eg==", "{}", 0, 3)
                .insert();

        given().auth().oauth2(TestData.KEY_A).queryParam("node", node).get("/v1/logs").then().statusCode(200)
                .body("status", equalTo("success")).body("count", equalTo(2))
                .body("logs.id", equalTo(List.of("log_2", "log_1")))
                .body("logs[0].message", equalTo("hello")).body("logs[0].properties.service", equalTo("billing"))
                .body("logs[1].payload", equalTo("cGF5bG9hZA==")).body("logs[1].encryption_mode", equalTo(1))
                .body("logs[1].timestamp", equalTo("2025-11-01T12:26:40Z"))
                .body("request_id", matchesPattern("req_[0-9a-f]{16}"));
        given().auth().oauth2(TestData.KEY_A).queryParam("node", node).queryParam("loglevel", 4).get("/v1/logs")
                .then().body("logs.id", equalTo(List.of("log_1")));
        given().auth().oauth2(TestData.KEY_A).queryParam("node", node).queryParam("from", "2025-11-01T12:26:41Z")
                .get("/v1/logs").then().body("logs.id", equalTo(List.of("log_2")));
        given().auth().oauth2(TestData.KEY_A).queryParam("node", node).queryParam("q", "HELL").get("/v1/logs")
                .then().body("logs.id", equalTo(List.of("log_2")));
        given().auth().oauth2(TestData.KEY_A).queryParam("node", node).queryParam("q", "it's' OR 1=1 --")
                .get("/v1/logs").then().statusCode(200).body("logs", hasSize(0));
        given().auth().oauth2(TestData.KEY_A).queryParam("node", node).queryParam("severity", "info")
                .get("/v1/logs").then().body("logs.id", equalTo(List.of("log_2")));
        given().auth().oauth2(TestData.KEY_B).queryParam("node", node).get("/v1/logs").then()
                .body("logs", hasSize(1)).body("logs[0].id", equalTo("log_3"));
    }

    @Test
    void refusalsAreInLogFluxsBody() {
        given().get("/v1/logs").then().statusCode(401).body("status", equalTo("error"))
                .body("error.code", equalTo("INVALID_API_KEY"));
        given().auth().oauth2(TestData.KEY_A).queryParam("loglevel", 9).get("/v1/logs").then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST"));
    }
}
