package dev.eventlane.query.gql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.query.control.rest.GoodLogsKeys;
import dev.eventlane.query.control.service.ControlException;
import dev.eventlane.query.security.ApiKeyAuthMechanism;
import dev.eventlane.query.security.ApiKeyCaller;

/**
 * GoodLogs' GQL with an API key ({@code data:read}): {@code POST /v1/gql/query} runs one query
 * ({@code {"q": "...", "cursor": "..."}}), {@code POST /v1/gql} up to ten ({@code {"queries": [...]}}), each
 * answered on its own so that one bad query does not fail the others; {@code GET /v1/gql/autocomplete?q&cursor}
 * suggests what may come at the cursor; {@code POST /v1/gql/nl} turns a question into GQL when the operator has
 * configured a model ({@link GqlNaturalLanguage}).
 */
@HttpAuthenticationMechanism(ApiKeyAuthMechanism.SCHEME)
@PermitAll
@Path("/v1/gql")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class GqlResource {

    static final int MAX_BATCH = 10;

    private final ApiKeyCaller caller;
    private final GqlRunner gql;
    private final GqlAutocomplete autocomplete;
    private final GqlNaturalLanguage naturalLanguage;

    public GqlResource(ApiKeyCaller caller, GqlRunner gql, GqlAutocomplete autocomplete,
            GqlNaturalLanguage naturalLanguage) {
        this.caller = caller;
        this.gql = gql;
        this.autocomplete = autocomplete;
        this.naturalLanguage = naturalLanguage;
    }

    @POST
    @Path("/query")
    public Map<String, Object> query(JsonNode body) {
        String projectId = GoodLogsKeys.grant(caller, Scopes.DATA_READ).getProjectId();
        if (body == null || !body.isObject()) {
            throw ControlException.validation("The body must be a JSON object: {\"q\": \"<GQL>\"}");
        }
        return gql.run(projectId, text(body.get("q") != null ? body.get("q") : body.get("query"), "q"),
                body.hasNonNull("cursor") ? text(body.get("cursor"), "cursor") : null);
    }

    @POST
    public List<Map<String, Object>> batch(JsonNode body) {
        String projectId = GoodLogsKeys.grant(caller, Scopes.DATA_READ).getProjectId();
        JsonNode queries = body == null ? null : body.get("queries");
        if (queries == null || !queries.isArray() || queries.isEmpty() || queries.size() > MAX_BATCH) {
            throw ControlException.validation("queries must be an array of 1 to " + MAX_BATCH + " GQL strings");
        }
        List<Map<String, Object>> answers = new ArrayList<>(queries.size());
        for (JsonNode query : queries) {
            Map<String, Object> answer = new LinkedHashMap<>();
            try {
                Map<String, Object> result = gql.run(projectId, text(query, "queries[]"), null);
                answer.put("status", "ok");
                answer.putAll(result);
            } catch (ControlException e) {
                if (e.status() >= 500) {
                    throw e;
                }
                answer.put("status", "error");
                answer.put("error", e.getMessage());
            }
            answers.add(answer);
        }
        return answers;
    }

    @GET
    @Path("/autocomplete")
    public Map<String, Object> autocomplete(@QueryParam("q") String q, @QueryParam("cursor") String cursor) {
        String projectId = GoodLogsKeys.grant(caller, Scopes.DATA_READ).getProjectId();
        return autocomplete.complete(projectId, q, cursor);
    }

    @POST
    @Path("/nl")
    @RequestBody(required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "GqlNlInput")))
    public Map<String, Object> naturalLanguage(JsonNode body) {
        GoodLogsKeys.grant(caller, Scopes.DATA_READ);
        return naturalLanguage.translate(body);
    }

    private static String text(JsonNode node, String name) {
        if (node == null || !node.isTextual()) {
            throw ControlException.validation(name + " must be a GQL string");
        }
        return node.asText();
    }
}
