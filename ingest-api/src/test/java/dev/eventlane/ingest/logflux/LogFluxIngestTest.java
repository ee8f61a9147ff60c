package dev.eventlane.ingest.logflux;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.eventlane.client.logflux.LogFluxCrypto;
import dev.eventlane.ingest.BrokenBodies;
import dev.eventlane.ingest.EventsTopic;
import dev.eventlane.ingest.IssuedKeys;
import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.schemas.KeyType;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;

/**
 * LogFlux's {@code /v1/ingest} and {@code /v1/batch} on a real broker: entries sealed by the client helper are
 * stored sealed, byte for byte; LogFlux's validation, bodies, codes and request limit (30 a minute in tests).
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class LogFluxIngestTest {

    static final String KEY = "ll_testkeyA0000000000000000000000000000000000000000";
    static final String SECRET = "your-secret";
    /** The curl body of LogFlux's reference: its payload is an elided placeholder, its salt 31 bytes long. */
    static final String DOCS_EXAMPLE = """
            {
                "node": "quickstart",
                "payload": "YWJjZGVmZ2hpams...base64-encrypted-data...",
                "loglevel": 7,
                "timestamp": "2024-01-17T10:30:45Z",
                "encryption_mode": 1,
                "iv": "dGVzdGl2MTIzNDU2",
                "salt": "c2FsdDMyYnl0ZXNsb25nZm9ya2V5ZGVyaXZhdGlvbg=="
              }""";
    private static LogFluxCrypto.Sealed sealed;

    @BeforeAll
    static void topics() {
        Stack.get().kafka().createTopics(3, "events", "logs");
        Stack.get().kafka().createTopics(1, Topics.API_KEYS);
        sealed = LogFluxCrypto.encrypt("User login successful", SECRET);
    }

    @Test
    void aSealedEntryIsStoredExactlyAsSentAndAnsweredAsLogFluxDoes() {
        String node = "node-" + UUID.randomUUID();
        Response answer = given().auth().oauth2(KEY).contentType(ContentType.JSON).body(entry(node, 7, sealed))
                .post("/v1/ingest");

        answer.then().statusCode(200).body("status", equalTo("success"))
                .body("message", equalTo("Log entry processed successfully"))
                .body("request_id", matchesPattern("req_[0-9a-f]{16}"))
                .header("X-RateLimit-Limit", "30").header("X-RateLimit-Remaining", matchesPattern("\\d+"))
                .header("X-RateLimit-Reset", matchesPattern("\\d+"));

        LogEntry stored = EventsTopic.readLogs(log -> node.equals(log.getNode()), 1).get(0);
        assertThat(stored.getSource()).isEqualTo(Source.LOGFLUX);
        assertThat(stored.getLevel()).isEqualTo(7);
        assertThat(stored.getTimestamp()).isEqualTo(Instant.parse("2026-11-01T10:30:45Z"));
        assertThat(stored.getMessage()).isNull();
        LogFluxCrypto.Sealed back = new LogFluxCrypto.Sealed(base64(stored.getSealed().getCiphertext()),
                base64(stored.getSealed().getIv()), base64(stored.getSealed().getSalt()));
        assertThat(back).isEqualTo(sealed);
        assertThat(LogFluxCrypto.decrypt(back, SECRET)).isEqualTo("User login successful");
    }

    @Test
    void aBatchIsAllOrNothing() {
        String node = "batch-" + UUID.randomUUID();
        given().auth().oauth2(KEY).contentType(ContentType.JSON)
                .body("{\"entries\":[" + entry(node, 7, sealed) + "," + entry(node, 4, sealed) + "]}")
                .post("/v1/batch").then().statusCode(200).body("status", equalTo("success"))
                .body("processed", equalTo(2));
        assertThat(EventsTopic.readLogs(log -> node.equals(log.getNode()), 2)).extracting(LogEntry::getLevel)
                .containsExactly(7, 4);

        given().auth().oauth2(KEY).contentType(ContentType.JSON)
                .body("{\"entries\":[" + entry(node, 7, sealed) + "," + entry(node, 9, sealed) + "]}")
                .post("/v1/batch").then().statusCode(400).body("error.code", equalTo("INVALID_LOG_LEVEL"))
                .body("error.details", equalTo("entries[1].loglevel must be a whole number from 1 to 8"));
        String tooMany = IntStream.range(0, 101).mapToObj(i -> entry(node, 7, sealed))
                .collect(Collectors.joining(",", "{\"entries\":[", "]}"));
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body(tooMany).post("/v1/batch")
                .then().statusCode(400).body("error.code", equalTo("BATCH_TOO_LARGE"));
    }

    @Test
    void theClientsLogIdIsKeptAndTheServerMakesOneWithout() {
        String node = "ids-" + UUID.randomUUID();
        String id = "client-" + "é".repeat(249);
        given().auth().oauth2(KEY).contentType(ContentType.JSON)
                .body("{\"entries\":[" + entry(node, 7, sealed).replace("{", "{\"log_id\":\"" + id + "\",") + ","
                        + entry(node, 6, sealed).replace("{", "{\"log_id\":null,") + "]}")
                .post("/v1/batch").then().statusCode(200).body("processed", equalTo(2));

        assertThat(EventsTopic.readLogs(log -> node.equals(log.getNode()), 2)).extracting(LogEntry::getLogId)
                .satisfiesExactly(first -> assertThat(first).isEqualTo(id),
                        second -> assertThat(second).matches("log_[0-9A-Za-z]{24}"));
    }

    static Stream<Arguments> invalidEntries() {
        String iv = sealed().iv();
        String salt = sealed().salt();
        String payload = sealed().payload();
        String b64 = Base64.getEncoder().encodeToString(new byte[11]);
        return Stream.of(
                Arguments.of(DOCS_EXAMPLE, "INVALID_PAYLOAD"),
                Arguments.of(body("n", 0, "2026-11-01T10:30:45Z", 1, payload, iv, salt), "INVALID_LOG_LEVEL"),
                Arguments.of(body("n", 9, "2026-11-01T10:30:45Z", 1, payload, iv, salt), "INVALID_LOG_LEVEL"),
                Arguments.of(body("n", 7, "2026-11-01T10:30:45Z", 2, payload, iv, salt), "INVALID_ENCRYPTION_MODE"),
                Arguments.of(body("n", 7, "2026-11-01T10:30:45", 1, payload, iv, salt), "INVALID_TIMESTAMP"),
                Arguments.of(body("n", 7, "2026-11-01T10:30:45Z", 1, payload, b64, salt), "INVALID_IV"),
                Arguments.of(body("n", 7, "2026-11-01T10:30:45Z", 1, payload, iv,
                        "c2FsdDMyYnl0ZXNsb25nZm9ya2V5ZGVyaXZhdGlvbg=="), "INVALID_SALT"),
                Arguments.of(body("n", 7, "2026-11-01T10:30:45Z", 1, "not base64!", iv, salt), "INVALID_PAYLOAD"),
                Arguments.of(body("x".repeat(256), 7, "2026-11-01T10:30:45Z", 1, payload, iv, salt), "INVALID_NODE"),
                Arguments.of(body("", 7, "2026-11-01T10:30:45Z", 1, payload, iv, salt), "INVALID_NODE"),
                Arguments.of("{\"node\":", "INVALID_REQUEST"),
                Arguments.of(body("n", 7, "2026-11-01T10:30:45Z", 1, payload, iv, salt)
                        .replace("{", "{\"log_id\":\"\","), "INVALID_LOG_ID"),
                Arguments.of(body("n", 7, "2026-11-01T10:30:45Z", 1, payload, iv, salt)
                        .replace("{", "{\"log_id\":17,"), "INVALID_LOG_ID"),
                Arguments.of(body("n", 7, "2026-11-01T10:30:45Z", 1, payload, iv, salt)
                        .replace("{", "{\"log_id\":\"" + "x".repeat(257) + "\","), "INVALID_LOG_ID"),
                // Whole numbers past 64 bits whose low 64 bits are a valid level or mode (2^64 + 5, 2^64 + 1).
                Arguments.of(body("n", 7, "2026-11-01T10:30:45Z", 1, payload, iv, salt)
                        .replace("\"loglevel\":7", "\"loglevel\":18446744073709551621"), "INVALID_LOG_LEVEL"),
                Arguments.of(body("n", 7, "2026-11-01T10:30:45Z", 1, payload, iv, salt)
                        .replace("\"encryption_mode\":1", "\"encryption_mode\":18446744073709551617"),
                        "INVALID_ENCRYPTION_MODE"),
                Arguments.of(body("n", 7, "2026-11-01T10:30:45Z", 1, payload, iv, salt)
                        .replace("{", "{\"deep\":" + "[".repeat(64) + "]".repeat(64) + ","), "INVALID_REQUEST"));
    }

    @ParameterizedTest
    @MethodSource("invalidEntries")
    void invalidEntriesGetLogFluxsErrorBody(String body, String code) {
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body(body).post("/v1/ingest")
                .then().statusCode(400).body("status", equalTo("error")).body("error.code", equalTo(code))
                .body("error.message", org.hamcrest.Matchers.not(equalTo("")))
                .body("request_id", matchesPattern("req_[0-9a-f]{16}"));
    }

    @Test
    void keysAreCheckedAsLogFluxDoes() {
        given().contentType(ContentType.JSON).body(entry("n", 7, sealed)).post("/v1/ingest").then().statusCode(401)
                .body("error.code", equalTo("INVALID_API_KEY"))
                .body("error.message", equalTo("The provided API key is invalid"));
        String publicKey = IssuedKeys.issue("project-" + UUID.randomUUID(), KeyType.PUBLIC,
                List.of(Scopes.INGEST_WRITE), key -> status(key) != 401);
        given().auth().oauth2(publicKey).contentType(ContentType.JSON).body(entry("n", 7, sealed))
                .post("/v1/ingest").then().statusCode(403).body("error.code", equalTo("FORBIDDEN"));
    }

    @Test
    void theRequestLimitIsPerKeyAndMinuteWithRetryAfter() {
        // The limit counts per UTC minute: a run that crosses into the next minute starts again with a new key.
        for (int attempt = 1; ; attempt++) {
            String key = IssuedKeys.issue("project-" + UUID.randomUUID(), KeyType.SECRET,
                    List.of(Scopes.INGEST_WRITE), k -> status(k) != 401);
            Response answer = post(key);
            String minuteEnd = answer.header("X-RateLimit-Reset");
            int accepted = 1;
            while (answer.statusCode() == 200) {
                accepted++;
                answer = post(key);
            }
            if (!minuteEnd.equals(answer.header("X-RateLimit-Reset")) && attempt < 3) {
                continue;
            }
            assertThat(accepted).isEqualTo(30);
            answer.then().statusCode(429).body("error.code", equalTo("RATE_LIMIT_EXCEEDED"))
                    .header("Retry-After", matchesPattern("\\d+")).header("X-RateLimit-Remaining", "0")
                    .header("X-RateLimit-Limit", "30");
            assertThat(Long.parseLong(answer.header("X-RateLimit-Reset")) % 60).isZero();
            break;
        }
        // Another key's allowance is its own.
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body(entry("n", 7, sealed)).post("/v1/ingest")
                .then().statusCode(200);
    }

    private static Response post(String key) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(entry("n", 7, sealed))
                .post("/v1/ingest");
    }

    /** Hundreds of generated broken bodies: each gets a 2xx or a 4xx in LogFlux's body, none a 5xx. */
    @Test
    void aCorpusOfBrokenBodiesNeverGetsA5xx() {
        String key = IssuedKeys.issue("project-" + UUID.randomUUID(), KeyType.SECRET,
                List.of(Scopes.INGEST_WRITE), k -> status(k) != 401);
        String[] fields = {"node", "payload", "loglevel", "timestamp", "encryption_mode", "iv", "salt"};
        for (byte[] body : BrokenBodies.corpus(entry("n", 7, sealed), fields, item -> item, 300, 11)) {
            Response answer = given().auth().oauth2(key).contentType(ContentType.JSON).body(body).post("/v1/ingest");
            String sent = new String(body, StandardCharsets.UTF_8);
            assertThat(answer.statusCode()).as("body %s", sent).isBetween(200, 499);
            if (answer.statusCode() >= 400) {
                assertThat(answer.jsonPath().getString("error.code")).as("body %s", sent).isNotBlank();
            }
        }
    }

    private static int status(String key) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(entry("n", 7, sealed))
                .post("/v1/ingest").statusCode();
    }

    private static LogFluxCrypto.Sealed sealed() {
        return sealed != null ? sealed : LogFluxCrypto.encrypt("x", SECRET);
    }

    private static String entry(String node, int level, LogFluxCrypto.Sealed sealed) {
        return body(node, level, "2026-11-01T11:30:45+01:00", 1, sealed.payload(), sealed.iv(), sealed.salt());
    }

    private static String body(String node, int level, String timestamp, int mode, String payload, String iv,
            String salt) {
        return """
                {"node":"%s","payload":"%s","loglevel":%d,"timestamp":"%s","encryption_mode":%d,"iv":"%s","salt":"%s"}"""
                .formatted(node, payload, level, timestamp, mode, iv, salt);
    }

    private static String base64(ByteBuffer bytes) {
        ByteBuffer copy = bytes.duplicate();
        byte[] raw = new byte[copy.remaining()];
        copy.get(raw);
        return Base64.getEncoder().encodeToString(raw);
    }
}
