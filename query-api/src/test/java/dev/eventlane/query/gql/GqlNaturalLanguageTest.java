package dev.eventlane.query.gql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.query.config.GqlNlConfig;
import dev.eventlane.query.control.service.ControlException;

/**
 * Natural language to GQL against a local HTTP server that plays an OpenAI-compatible model (the model is an
 * external API, not one of Eventlane's servers): what it is asked, and what becomes of each kind of answer.
 */
class GqlNaturalLanguageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer model;
    private volatile int status;
    private volatile String answer;
    private final List<JsonNode> asked = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean stalls;
    private boolean stopped;

    @BeforeEach
    void startModel() throws IOException {
        model = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        model.createContext("/v1/chat/completions", this::answer);
        model.start();
    }

    @AfterEach
    void stopModel() {
        released.countDown();
        if (!stopped) {
            model.stop(0);
        }
    }

    @Test
    void theModelsQueryIsReturnedOnceItParses() {
        reply(200, completion("```gql\nseverity:error last:1h | count by message\n```"));

        Map<String, Object> translated = configured(Duration.ofSeconds(10)).translate(body("errors in the last hour"
                + " by message", null));

        assertThat(translated).containsEntry("gql", "severity:error last:1h | count by message")
                .containsEntry("valid", true);
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) translated.get("parsed");
        assertThat(parsed).containsEntry("source", "logs").containsEntry("mode", "aggregate");
        assertThat(asked).singleElement().satisfies(request -> {
            assertThat(request.path("model").asText()).isEqualTo("test-model");
            assertThat(request.path("messages").get(0).path("role").asText()).isEqualTo("system");
            assertThat(request.path("messages").get(1).path("content").asText())
                    .isEqualTo("errors in the last hour by message");
        });
        assertThat(authorizations).containsExactly("Bearer sk-test");
    }

    @Test
    void anAlertQueryMustBeAnAlertCondition() {
        reply(200, completion("severity:error service:billing | count | last 5m"));
        assertThat(configured(Duration.ofSeconds(10)).translate(body("billing errors", "alert")))
                .containsEntry("gql", "severity:error service:billing | count | last 5m");

        reply(200, completion("severity:error | count by message | last 5m"));
        assertThatThrownBy(() -> configured(Duration.ofSeconds(10)).translate(body("errors", "alert")))
                .isInstanceOfSatisfying(ControlException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("VALIDATION_ERROR");
                    assertThat(e.getMessage()).contains("position 23", "no 'by'");
                });
    }

    @Test
    void aQueryThatDoesNotParseIsA422() {
        reply(200, completion("SELECT * FROM logs WHERE 1=1"));
        assertRefused(configured(Duration.ofSeconds(10)), 422, "VALIDATION_ERROR");
        reply(200, completion("   "));
        assertRefused(configured(Duration.ofSeconds(10)), 502, "BAD_GATEWAY");
    }

    @Test
    void aModelThatFailsIsA502OrA503WithACode() {
        reply(500, "{\"error\": \"overloaded\"}");
        assertRefused(configured(Duration.ofSeconds(10)), 503, "UNAVAILABLE");
        reply(429, "{}");
        assertRefused(configured(Duration.ofSeconds(10)), 503, "UNAVAILABLE");
        reply(401, "{\"error\": \"bad key\"}");
        assertRefused(configured(Duration.ofSeconds(10)), 502, "BAD_GATEWAY");
        reply(200, "<html>not json</html>");
        assertRefused(configured(Duration.ofSeconds(10)), 502, "BAD_GATEWAY");
        reply(200, "{\"choices\": []}");
        assertRefused(configured(Duration.ofSeconds(10)), 502, "BAD_GATEWAY");

        stalls = true;
        assertRefused(configured(Duration.ofMillis(300)), 503, "UNAVAILABLE");
        released.countDown();

        GqlNaturalLanguage down = configured(Duration.ofSeconds(10));
        model.stop(0);
        stopped = true;
        assertRefused(down, 503, "UNAVAILABLE");
    }

    @Test
    void withoutAnEndpointItIsNotConfiguredAndNothingIsSent() {
        GqlNaturalLanguage unconfigured = new GqlNaturalLanguage(config(Optional.empty(), Duration.ofSeconds(1)),
                JSON);
        assertRefused(unconfigured, 501, "NOT_CONFIGURED");
        assertThatThrownBy(() -> unconfigured.translate(body("errors", null)))
                .hasMessageContaining("eventlane.gql.nl.url");
        assertThat(asked).isEmpty();
    }

    @Test
    void badRequestsAreRefusedBeforeTheModelIsAsked() {
        GqlNaturalLanguage nl = configured(Duration.ofSeconds(10));
        for (JsonNode bad : List.of(body("", null), body("x".repeat(501), null), body("errors", "chat"),
                JSON.createObjectNode().put("mode", "explorer"), JSON.createArrayNode(),
                JSON.createObjectNode().put("prompt", 42))) {
            assertThatThrownBy(() -> nl.translate(bad)).isInstanceOfSatisfying(ControlException.class,
                    e -> assertThat(e.status()).isEqualTo(400));
        }
        assertThat(asked).isEmpty();
    }

    private void assertRefused(GqlNaturalLanguage nl, int status, String code) {
        assertThatThrownBy(() -> nl.translate(body("errors in the last hour", null)))
                .isInstanceOfSatisfying(ControlException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.code()).isEqualTo(code);
                });
    }

    private void answer(HttpExchange exchange) throws IOException {
        asked.add(JSON.readTree(exchange.getRequestBody()));
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        if (stalls) {
            try {
                released.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void reply(int status, String body) {
        this.status = status;
        this.answer = body;
    }

    private static String completion(String content) {
        return JSON.createObjectNode().set("choices", JSON.createArrayNode().add(JSON.createObjectNode()
                .set("message", JSON.createObjectNode().put("role", "assistant").put("content", content))))
                .toString();
    }

    private static JsonNode body(String prompt, String mode) {
        var body = JSON.createObjectNode().put("prompt", prompt);
        return mode == null ? body : body.put("mode", mode);
    }

    private GqlNaturalLanguage configured(Duration timeout) {
        String url = "http://127.0.0.1:" + model.getAddress().getPort() + "/v1/";
        return new GqlNaturalLanguage(config(Optional.of(url), timeout), JSON);
    }

    private static GqlNlConfig config(Optional<String> url, Duration timeout) {
        return new GqlNlConfig() {
            @Override
            public Optional<String> url() {
                return url;
            }

            @Override
            public String model() {
                return "test-model";
            }

            @Override
            public Optional<String> apiKey() {
                return Optional.of("sk-test");
            }

            @Override
            public Duration timeout() {
                return timeout;
            }
        };
    }
}
