package dev.eventlane.query.gql;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.eventlane.query.config.GqlNlConfig;
import dev.eventlane.query.control.service.AlertRuleInput;
import dev.eventlane.query.control.service.ControlException;

/**
 * Natural language to GQL through the OpenAI-compatible endpoint the operator configures ({@link GqlNlConfig}): the
 * prompt goes to the model with a description of GQL, and the model's query is returned only once our parser
 * accepts it (mode {@code explorer}: any query; {@code alert}: an alert condition, {@link GqlAlertCondition}).
 * Not configured: 501 {@code NOT_CONFIGURED}. A query the parser refuses: 422 {@code VALIDATION_ERROR}. The model
 * unreachable or too slow: 503 {@code UNAVAILABLE}; an answer that is not a chat completion: 502
 * {@code BAD_GATEWAY}.
 */
@ApplicationScoped
public class GqlNaturalLanguage {

    /** As GoodLogs: a prompt of at most 500 characters. */
    static final int MAX_PROMPT = 500;
    static final List<String> MODES = List.of("explorer", "alert");
    /** A model's answer longer than this is not a query. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private static final String LANGUAGE = """
            You translate questions about logs and product analytics events into GQL, GoodLogs' query language.
            Answer with the query only: one line, no explanation, no code fence.
            GQL: stages separated by '|'; terms in any order. Sources: from:logs (default), from:events,
            from:alert_events. Filters: field:value, !field:value, "text" (message contains), where with
            = != > >= < <= contains in (...), AND, OR, NOT, parentheses. Windows: last 1h, last:30d, since 2026-12-01,
            between 2026-12-01 and 2026-12-02. Aggregations: count, count_distinct(field), sum(f), avg(f), min(f),
            max(f), p50(f)..p99(f), optionally 'by field, field' or 'by 1h'; sort count desc; top N; limit N.
            Log fields: severity (debug, info, warn, error, fatal), message, node, level, source, timestamp.
            Event fields: event, distinct_id, session_id, platform, timestamp. Both: $browser, $os, $device, $ip,
            $country, and any property by its name.
            Examples: severity:error last:24h | count by message | top 10 ;
            from:events | count_distinct(distinct_id) | last:1d ; from:events event:signup | count by 1d | last 30d
            """;
    private static final String ALERT = """
            The query is an alert condition: from:logs or from:events, filters, count (or, from:events only,
            count_distinct(distinct_id) for distinct users), and exactly one window 'last <duration>' from 10s to
            24h; no by, sort, top, limit, since or between. The threshold is set elsewhere. Examples:
            severity:error service:billing | count | last 5m ;
            from:events event:signup | count_distinct(distinct_id) | last 1h
            """;

    private final GqlNlConfig config;
    private final ObjectMapper json;
    private final HttpClient http;

    public GqlNaturalLanguage(GqlNlConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** {@code {gql, valid, parsed}} for a {@code {prompt, mode}} body. */
    public Map<String, Object> translate(JsonNode body) {
        String url = config.url().filter(u -> !u.isBlank()).orElseThrow(() -> new ControlException(501,
                "NOT_CONFIGURED", "Natural-language queries are not configured on this server: the operator sets"
                        + " eventlane.gql.nl.url to an OpenAI-compatible endpoint (and .model, .api-key)"));
        if (body == null || !body.isObject()) {
            throw ControlException.validation("Send a JSON object: {\"prompt\": \"...\", \"mode\": \"explorer\"}");
        }
        JsonNode prompt = body.get("prompt");
        if (prompt == null || !prompt.isTextual() || prompt.textValue().isBlank()
                || prompt.textValue().length() > MAX_PROMPT) {
            throw ControlException.validation("prompt is required: a question of 1 to " + MAX_PROMPT + " characters");
        }
        JsonNode modeNode = body.get("mode");
        String mode = modeNode == null || modeNode.isNull() ? "explorer" : modeNode.asText();
        if (modeNode != null && !modeNode.isNull() && !modeNode.isTextual() || !MODES.contains(mode)) {
            throw ControlException.validation("mode must be explorer or alert");
        }
        String gql = unfence(ask(url, prompt.textValue(), mode));
        try {
            GqlQuery parsed = GqlSyntax.parse(gql);
            if ("alert".equals(mode)) {
                AlertRuleInput.compile(gql);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("gql", gql);
            answer.put("valid", true);
            answer.put("parsed", GqlViews.parsed(parsed));
            return answer;
        } catch (GqlException e) {
            throw new ControlException(422, "VALIDATION_ERROR", "The model's query is not valid GQL ("
                    + e.getMessage() + "): " + abbreviate(gql));
        }
    }

    private String ask(String url, String prompt, String mode) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", config.model());
        request.put("temperature", 0);
        request.put("messages", List.of(
                Map.of("role", "system", "content", "alert".equals(mode) ? LANGUAGE + ALERT : LANGUAGE),
                Map.of("role", "user", "content", prompt)));
        HttpRequest.Builder post;
        try {
            post = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/chat/completions"))
                    .timeout(config.timeout()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request)));
        } catch (IllegalArgumentException | IOException e) {
            throw new ControlException(503, "UNAVAILABLE", "The natural-language endpoint is misconfigured: "
                    + "eventlane.gql.nl.url is not a URL");
        }
        config.apiKey().filter(k -> !k.isBlank()).ifPresent(key -> post.header("Authorization", "Bearer " + key));
        HttpResponse<byte[]> response;
        try {
            response = http.send(post.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw unavailable("did not answer within " + config.timeout().toSeconds() + " s");
        } catch (IOException e) {
            throw unavailable("is unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("was interrupted");
        }
        if (response.statusCode() == 429 || response.statusCode() >= 500) {
            throw unavailable("answered " + response.statusCode());
        }
        return content(response);
    }

    /** The text of the first choice of a chat completion. */
    private String content(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200 || response.body().length > MAX_ANSWER_BYTES) {
            throw badGateway("answered " + response.statusCode() + " with " + response.body().length + " bytes");
        }
        try {
            JsonNode content = json.readTree(response.body()).path("choices").path(0).path("message")
                    .path("content");
            if (!content.isTextual() || content.textValue().isBlank()) {
                throw badGateway("answered no query");
            }
            return content.textValue();
        } catch (IOException e) {
            throw badGateway("answered something that is not JSON");
        }
    }

    /** The query without the code fence or backticks a model may put around it. */
    static String unfence(String answer) {
        String text = answer.strip();
        if (text.startsWith("```")) {
            text = text.substring(text.indexOf('\n') < 0 ? 3 : text.indexOf('\n') + 1);
            text = text.endsWith("```") ? text.substring(0, text.length() - 3) : text;
        } else if (text.length() > 1 && text.startsWith("`") && text.endsWith("`")) {
            text = text.substring(1, text.length() - 1);
        }
        return text.strip();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static ControlException unavailable(String what) {
        return new ControlException(503, "UNAVAILABLE", "The natural-language model " + what + "; try again later");
    }

    private static ControlException badGateway(String what) {
        return new ControlException(502, "BAD_GATEWAY", "The natural-language model " + what);
    }
}
