package dev.eventlane.query.control.rest;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;

import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.query.control.model.AlertRule;
import dev.eventlane.query.control.service.AlertRuleInput;
import dev.eventlane.query.control.service.AlertRules;
import dev.eventlane.query.control.service.ControlException;
import dev.eventlane.query.security.ApiKeyAuthMechanism;
import dev.eventlane.query.security.ApiKeyCaller;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * GoodLogs' alert rules, {@code /v1/alerts}, for the API key's project: listed with {@code alerts:read}; created,
 * replaced and deleted with {@code alerts:write}. A change is answered once it is stored together with its record
 * for the rules topic, from which the running stream-processors pick it up (the control outbox publishes it).
 * Errors in GoodLogs' body.
 */
@HttpAuthenticationMechanism(ApiKeyAuthMechanism.SCHEME)
@PermitAll
@Path("/v1/alerts")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {

    private final ApiKeyCaller caller;
    private final AlertRules rules;
    private final ObjectMapper json;

    public AlertsResource(ApiKeyCaller caller, AlertRules rules, ObjectMapper json) {
        this.caller = caller;
        this.rules = rules;
        this.json = json;
    }

    @GET
    public Map<String, List<View>> list() {
        String project = project(Scopes.ALERTS_READ);
        return Map.of("alerts", rules.list(project).stream().map(View::of).toList());
    }

    @POST
    @RequestBody(required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "AlertRuleInput")))
    @APIResponse(responseCode = "201", description = "The rule",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = View.class)))
    public Response create(byte[] body) {
        String project = project(Scopes.ALERTS_WRITE);
        AlertRule created = rules.create(project, input(body));
        return Response.status(201).entity(View.of(created)).build();
    }

    @PUT
    @Path("/{id}")
    @RequestBody(required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "AlertRuleInput")))
    public View replace(@PathParam("id") String id,
            byte[] body) {
        String project = project(Scopes.ALERTS_WRITE);
        AlertRule replaced = rules.replace(project, id, input(body));
        return View.of(replaced);
    }

    @DELETE
    @Path("/{id}")
    public Deleted delete(@PathParam("id") String id) {
        AlertRule deleted = rules.delete(project(Scopes.ALERTS_WRITE), id);
        return new Deleted(deleted.id.toString(), true);
    }

    private String project(String scope) {
        return GoodLogsKeys.grant(caller, scope).getProjectId();
    }

    private AlertRuleInput input(byte[] body) {
        JsonNode parsed;
        try {
            parsed = json.readTree(body == null ? new byte[0] : body);
        } catch (IOException e) {
            throw ControlException.validation("The body is not valid JSON");
        }
        return AlertRuleInput.of(parsed);
    }

    /**
     * A rule as the API shows it: {@code event} for events, {@code severity} for logs; a GQL rule shows its
     * {@code query} instead, with the source and window it names.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "AlertRule")
    public record View(String id, String name, String source, String event, String severity, String query,
            String window, String condition, long threshold, boolean enabled,
            @JsonProperty("created_at") Instant createdAt, @JsonProperty("updated_at") Instant updatedAt) {

        static View of(AlertRule rule) {
            boolean matches = rule.query == null;
            boolean events = AlertRuleInput.EVENTS.equals(rule.source);
            return new View(rule.id.toString(), rule.name, rule.source, matches && events ? rule.match : null,
                    matches && !events ? rule.match : null, rule.query, AlertRuleInput.window(rule.windowSeconds),
                    rule.condition, rule.threshold, rule.enabled, rule.createdAt, rule.updatedAt);
        }
    }

    public record Deleted(String id, boolean deleted) {
    }
}
