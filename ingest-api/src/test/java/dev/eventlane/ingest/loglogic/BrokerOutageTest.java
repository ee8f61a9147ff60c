package dev.eventlane.ingest.loglogic;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.eventlane.testkit.KafkaBroker;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** With the broker down, ingest answers 503 quickly and never 2xx; once it is back, ingest recovers by itself. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class BrokerOutageTest {

    private static final String EVENT = "{\"action\":\"app_open\",\"user_id\":\"usr_outage\"}";

    @Test
    void answers503WhileBrokerIsDownAndRecoversWithoutRestart() {
        KafkaBroker kafka = Stack.get().kafka();
        kafka.createTopics(3, "events");
        post().then().statusCode(200);

        kafka.stop();
        try {
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                Response response = post();
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                response.then().statusCode(503)
                        .header("Retry-After", equalTo("2"))
                        .body("ok", equalTo(false)).body("error", equalTo("unavailable"));
                // The client must learn of the outage within about 2 s, not after the producer's default 2 min.
                assertThat(took).isLessThan(Duration.ofMillis(2500));
            }
        } finally {
            kafka.restart();
        }

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> post().statusCode() == 200);
    }

    private static Response post() {
        return given().auth().oauth2(LogLogicIngestTest.KEY_A).contentType(ContentType.JSON).body(EVENT)
                .post("/ingest");
    }
}
