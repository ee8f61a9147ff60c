package dev.eventlane.e2e;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

/**
 * Checks an answer against the OpenAPI 3.1 contract: its status is one the operation declares, and its body, when
 * the contract gives that status a body, is JSON valid against the schema (JSON Schema 2020-12, OpenAPI 3.1's
 * dialect; the document's components reachable through their {@code $ref}s).
 */
final class ContractCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final JsonNode openApi;
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    ContractCheck(JsonNode openApi) {
        this.openApi = openApi;
    }

    /** What is wrong with the answer, if anything. */
    Optional<String> violation(JsonNode operation, int status, String contentType, String body) {
        JsonNode declared = operation.path("responses").path(String.valueOf(status));
        if (declared.isMissingNode()) {
            declared = operation.path("responses").path(status / 100 + "XX");
        }
        if (declared.isMissingNode()) {
            declared = operation.path("responses").path("default");
        }
        if (declared.isMissingNode()) {
            return Optional.of("status " + status + " is not in the contract; body " + abbreviate(body));
        }
        JsonNode media = declared.path("content").path("application/json");
        if (media.isMissingNode()) {
            return Optional.empty();
        }
        if (contentType == null || !contentType.startsWith("application/json")) {
            return Optional.of("status " + status + " answered " + contentType + ", not application/json");
        }
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (Exception e) {
            return Optional.of("status " + status + " body is not JSON: " + abbreviate(body));
        }
        JsonSchema schema = compiled.computeIfAbsent(media.path("schema").toString(), this::compile);
        var messages = schema.validate(instance);
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("status " + status + " body " + abbreviate(body) + " violates the schema: "
                + messages.stream().map(Object::toString).collect(Collectors.joining("; ")));
    }

    /** The operation's schema inside a document that also holds the components its $refs point into. */
    private JsonSchema compile(String schemaText) {
        try {
            ObjectNode document = JSON.createObjectNode();
            document.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            document.set("components", openApi.path("components"));
            document.set("allOf", JSON.createArrayNode().add(JSON.readTree(schemaText)));
            return SCHEMAS.getSchema(document);
        } catch (Exception e) {
            throw new IllegalStateException("cannot compile " + schemaText, e);
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "(none)" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
