package dev.eventlane.ingest.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.eventlane.ingest.BrokenBodies;
import dev.eventlane.ingest.EventsTopic;
import dev.eventlane.ingest.IssuedKeys;
import dev.eventlane.platform.auth.ApiKeys;
import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.KeyType;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;

/** The web tracker's {@code POST /collect} on a real broker: the stored event, validation, key kinds, bots. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class CollectTest {

    static final String SECRET_KEY = "ll_testkeyA0000000000000000000000000000000000000000";
    static final String CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like"
            + " Gecko) Chrome/125.0.0.0 Safari/537.36";
    static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    static final String VISITOR = "01JEVQ3Z6X0000000000000001";
    static final String SESSION = "01JEVQ3Z6X0000000000000002";

    private static String project;
    private static String publicKey;

    @BeforeAll
    static void topics() {
        Stack.get().kafka().createTopics(3, Topics.EVENTS);
        Stack.get().kafka().createTopics(1, Topics.API_KEYS);
    }

    /** Issued once the application runs (RestAssured knows its port only then). */
    private static synchronized String publicKey() {
        if (publicKey == null) {
            project = "project-web-" + UUID.randomUUID();
            publicKey = IssuedKeys.issue(project, KeyType.PUBLIC, List.of(Scopes.INGEST_WRITE),
                    key -> collect(pageview(key, VISITOR), CHROME_MAC).statusCode() == 202);
        }
        return publicKey;
    }

    static String pageview(String key, String visitor) {
        return """
                {"key":"%s","type":"pageview","url":"https://shop.example.com/shoes?utm_source=news&utm_medium=email\
                &utm_campaign=winter%%20sale&x=1","path":"/shoes","referrer":"https://www.google.com/search?q=shoes",\
                "screen_width":1440,"visitor_id":"%s","session_id":"%s"}""".formatted(key, visitor, SESSION);
    }

    /** As sendBeacon sends a JSON string: text/plain. */
    static Response collect(String body, String userAgent) {
        return given().contentType("text/plain;charset=UTF-8").header("User-Agent", userAgent).body(body)
                .post("/collect");
    }

    static String visitor() {
        return "01JEVQ3Z6X" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase()
                .replace('I', 'J').replace('L', 'K').replace('O', 'P').replace('U', 'V');
    }

    @Test
    void aPageViewIsStoredAsACanonicalWebEvent() {
        String visitor = visitor();
        collect(pageview(publicKey(), visitor), CHROME_MAC).then().statusCode(202).body("ok", equalTo(true));

        Event stored = EventsTopic.read(e -> visitor.equals(e.getUserId()), 1).get(0);

        assertThat(stored.getProjectId()).isEqualTo(project);
        assertThat(stored.getSource()).isEqualTo(Source.WEB);
        assertThat(stored.getName()).isEqualTo("pageview");
        assertThat(stored.getSessionId()).isEqualTo(SESSION);
        assertThat(stored.getPlatform()).isEqualTo("web");
        assertThat(stored.getProperties()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("$event_type", "\"pageview\""), Map.entry("$path", "\"/shoes\""),
                Map.entry("$url", "\"https://shop.example.com/shoes?utm_source=news&utm_medium=email"
                        + "&utm_campaign=winter%20sale&x=1\""),
                Map.entry("$referrer", "\"https://www.google.com/search?q=shoes\""),
                Map.entry("$referrer_host", "\"www.google.com\""), Map.entry("$visitor_id", '"' + visitor + '"'),
                Map.entry("$screen_width", "1440"), Map.entry("$utm_source", "\"news\""),
                Map.entry("$utm_medium", "\"email\""), Map.entry("$utm_campaign", "\"winter sale\"")));
        assertThat(stored.getContext().getBrowser()).isEqualTo("Chrome");
        assertThat(stored.getContext().getOs()).isEqualTo("macOS");
        assertThat(stored.getContext().getDevice()).isEqualTo("desktop");
        assertThat(stored.getContext().getUserAgent()).isEqualTo(CHROME_MAC);
        assertThat(stored.getContext().getIp()).isNotBlank();
        assertThat(stored.getContext().getCountry()).as("loopback has no country").isEmpty();
    }

    @Test
    void aCustomEventKeepsItsPropsAndTakesTheKeyFromTheHeaderToo() {
        String visitor = visitor();
        given().auth().oauth2(publicKey()).contentType("application/json").header("User-Agent", CHROME_MAC)
                .body("""
                        {"type":"custom","name":"signup","url":"https://shop.example.com/join","referrer":\
                        "https://shop.example.com/","visitor_id":"%s","session_id":"%s",\
                        "props":{"plan":"pro","seats":3,"trial":true,"coupon":null}}""".formatted(visitor, SESSION))
                .post("/collect").then().statusCode(202);

        Event stored = EventsTopic.read(e -> visitor.equals(e.getUserId()), 1).get(0);

        assertThat(stored.getName()).isEqualTo("signup");
        assertThat(stored.getProperties()).containsAllEntriesOf(Map.of("$event_type", "\"custom\"",
                "$path", "\"/join\"", "plan", "\"pro\"", "seats", "3", "trial", "true", "coupon", "null",
                "$referrer_host", "\"\""));
        assertThat(stored.getProperties()).doesNotContainKey("$screen_width");
    }

    static Stream<Arguments> badBodies() {
        String ok = "\"url\":\"https://a.example/\",\"visitor_id\":\"" + VISITOR + "\",\"session_id\":\"" + SESSION
                + "\"";
        return Stream.of(
                Arguments.of("not json", 400, "invalid_json"),
                Arguments.of("[1,2]", 400, "invalid_json"),
                Arguments.of("{\"type\":\"pageview\"," + ok + "}", 401, "missing_key"),
                Arguments.of("{KEY," + ok + "}", 400, "missing_type"),
                Arguments.of("{KEY,\"type\":\"click\"," + ok + "}", 400, "invalid_type"),
                Arguments.of("{KEY,\"type\":\"pageview\",\"visitor_id\":\"" + VISITOR + "\",\"session_id\":\""
                        + SESSION + "\"}", 400, "missing_url"),
                Arguments.of("{KEY,\"type\":\"pageview\"," + ok.replace("https://a.example/", "javascript:alert(1)")
                        + "}", 400, "invalid_url"),
                Arguments.of("{KEY,\"type\":\"pageview\"," + ok.replace("https://a.example/",
                        "https://a.example/" + "x".repeat(2048)) + "}", 400, "invalid_url"),
                Arguments.of("{KEY,\"type\":\"pageview\"," + ok.replace(VISITOR, "not-a-ulid") + "}", 400,
                        "invalid_visitor_id"),
                Arguments.of("{KEY,\"type\":\"pageview\"," + ok.replace(SESSION, "81JEVQ3Z6X0000000000000002")
                        + "}", 400, "invalid_session_id"),
                Arguments.of("{KEY,\"type\":\"pageview\",\"path\":\"shoes\"," + ok + "}", 400, "invalid_path"),
                Arguments.of("{KEY,\"type\":\"pageview\",\"referrer\":\"android-app://x\"," + ok + "}", 400,
                        "invalid_referrer"),
                Arguments.of("{KEY,\"type\":\"pageview\",\"screen_width\":-1," + ok + "}", 400,
                        "invalid_screen_width"),
                Arguments.of("{KEY,\"type\":\"pageview\",\"screen_width\":1e3," + ok + "}", 400,
                        "invalid_screen_width"),
                Arguments.of("{KEY,\"type\":\"pageview\",\"props\":{\"a\":1}," + ok + "}", 400, "invalid_props"),
                Arguments.of("{KEY,\"type\":\"custom\"," + ok + "}", 400, "missing_name"),
                Arguments.of("{KEY,\"type\":\"custom\",\"name\":\"$pageview\"," + ok + "}", 400, "invalid_name"),
                Arguments.of("{KEY,\"type\":\"custom\",\"name\":\"pageview\"," + ok + "}", 400, "invalid_name"),
                Arguments.of("{KEY,\"type\":\"custom\",\"name\":\"" + "n".repeat(201) + "\"," + ok + "}", 400,
                        "invalid_name"),
                Arguments.of("{KEY,\"type\":\"custom\",\"name\":\"a\",\"props\":{\"$path\":\"/x\"}," + ok + "}", 400,
                        "invalid_props"),
                Arguments.of("{KEY,\"type\":\"custom\",\"name\":\"a\",\"props\":{\"a\":{\"b\":1}}," + ok + "}", 400,
                        "invalid_props"),
                Arguments.of("{KEY,\"type\":\"custom\",\"name\":\"a\",\"props\":[1]," + ok + "}", 400,
                        "invalid_props"),
                Arguments.of("{KEY,\"type\":\"custom\",\"name\":\"a\",\"props\":{\"a\":\"" + "v".repeat(600)
                        + "\"}," + ok + "}", 400, "invalid_props"),
                Arguments.of("{KEY,\"type\":\"custom\",\"name\":\"a\",\"props\":" + manyProps(31) + "," + ok + "}",
                        400, "invalid_props"),
                Arguments.of("{KEY,\"type\":\"pageview\",\"pad\":\"" + "p".repeat(40_000) + "\"," + ok + "}", 413,
                        "payload_too_large"),
                Arguments.of("{\"key\":7,\"type\":\"pageview\"," + ok + "}", 400, "invalid_key"));
    }

    private static String manyProps(int count) {
        StringBuilder props = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            props.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":").append(i);
        }
        return props.append('}').toString();
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badBodiesAreRefusedWithACodeAndAMessage(String body, int status, String code) {
        Response answer = collect(body.replace("KEY", "\"key\":\"" + publicKey() + '"'), CHROME_MAC);
        assertThat(answer.statusCode()).as(body).isEqualTo(status);
        assertThat(answer.jsonPath().getString("error.code")).as(body).isEqualTo(code);
        assertThat(answer.jsonPath().getString("error.message")).as(body).isNotBlank();
    }

    @Test
    void onlyPublicKeysOfKnownProjectsAreTaken() {
        Response secret = collect(pageview(SECRET_KEY, visitor()), CHROME_MAC);
        assertThat(secret.statusCode()).isEqualTo(403);
        assertThat(secret.jsonPath().getString("error.code")).isEqualTo("public_key_required");

        Response unknown = collect(pageview("ll_unknown00000000000000000000000000000000000000000", visitor()),
                CHROME_MAC);
        assertThat(unknown.statusCode()).isEqualTo(401);

        String revoked = IssuedKeys.issue("project-web-revoked", KeyType.PUBLIC, List.of(Scopes.INGEST_WRITE),
                key -> collect(pageview(key, visitor()), CHROME_MAC).statusCode() == 202);
        IssuedKeys.grant(revoked, "project-web-revoked", "brother", KeyType.PUBLIC, List.of(Scopes.INGEST_WRITE),
                true);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> collect(pageview(revoked, visitor()), CHROME_MAC).statusCode() == 401);
    }

    @Test
    void botsGetTheSameAnswerButTheirEventsAreOnlyCounted() {
        String key = publicKey();
        double before = botCount(project);
        String visitor = visitor();
        for (String bot : List.of(GOOGLEBOT, "curl/8.5.0", CHROME_MAC.replace("Chrome/", "HeadlessChrome/"))) {
            collect(pageview(key, visitor), bot).then().statusCode(202).body("ok", equalTo(true));
        }
        given().contentType("text/plain").body(pageview(key, visitor)).post("/collect").then().statusCode(202);
        // Same visitor, same partition, sent after the bots: if any bot event had been published, it would come first.
        collect(pageview(key, visitor), CHROME_MAC).then().statusCode(202);

        Event first = EventsTopic.read(e -> visitor.equals(e.getUserId()), 1).get(0);

        assertThat(first.getContext().getUserAgent()).isEqualTo(CHROME_MAC);
        assertThat(botCount(project) - before).isEqualTo(4.0);
    }

    private static double botCount(String project) {
        String metrics = given().get("/q/metrics").asString();
        Matcher count = Pattern.compile("eventlane_ingest_web_bots_total\\{[^}]*project=\"" + Pattern.quote(project)
                + "\"[^}]*} ([0-9.eE+-]+)").matcher(metrics);
        return count.find() ? Double.parseDouble(count.group(1)) : 0;
    }

    @Test
    void theCollectionAnswersAnyOriginAndItsPreflight() {
        String origin = "https://blog.example.org";
        Response preflight = given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").options("/collect");
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(origin);

        Response answer = given().header("Origin", origin).contentType("text/plain").header("User-Agent", CHROME_MAC)
                .body(pageview(publicKey(), visitor())).post("/collect");
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(origin);
    }

    @Test
    void aProjectWithAllowedOriginsTakesPageViewsFromThoseOriginsOnly() {
        String project = "project-web-origins-" + UUID.randomUUID();
        String key = ApiKeys.random("gl_pk_eu_", ApiKeys.RANDOM_CHARS);
        String shop = "https://shop.example.com";
        IssuedKeys.grant(key, project, "brother", KeyType.PUBLIC, List.of(Scopes.INGEST_WRITE), false, List.of(shop));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Origin", shop).contentType("text/plain")
                .header("User-Agent", CHROME_MAC).body(pageview(key, visitor())).post("/collect").statusCode() == 202);

        Response elsewhere = given().header("Origin", "https://copycat.example.net").contentType("text/plain")
                .header("User-Agent", CHROME_MAC).body(pageview(key, visitor())).post("/collect");
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(elsewhere.jsonPath().getString("error.code")).isEqualTo("origin_not_allowed");
        assertThat(elsewhere.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void aCorpusOfBrokenBodiesNeverGetsA5xx() {
        String valid = pageview(publicKey(), VISITOR);
        String[] fields = {"key", "type", "name", "url", "path", "referrer", "screen_width", "visitor_id",
            "session_id", "props"};
        for (byte[] body : BrokenBodies.corpus(valid, fields, item -> item, 300, 22)) {
            Response answer = given().contentType("text/plain").header("User-Agent", CHROME_MAC).body(body)
                    .post("/collect");
            String sent = new String(body, StandardCharsets.UTF_8);
            assertThat(answer.statusCode()).as("body %s", sent).isBetween(200, 499);
            if (answer.statusCode() >= 400) {
                assertThat(answer.jsonPath().getString("error.code")).as("body %s", sent).isNotBlank();
            }
        }
    }
}
