package dev.eventlane.query.gql;

import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.common.annotation.Blocking;

import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.query.control.rest.GoodLogsKeys;
import dev.eventlane.query.security.ApiKeyAuthMechanism;
import dev.eventlane.query.security.ApiKeyCaller;

/**
 * GoodLogs' {@code GET /v1/schema} with an API key ({@code data:read}): the discovered schema of the key's project,
 * {@code {log_properties, event_properties, event_names}}.
 */
@HttpAuthenticationMechanism(ApiKeyAuthMechanism.SCHEME)
@PermitAll
@Path("/v1/schema")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class SchemaResource {

    private final ApiKeyCaller caller;
    private final DiscoveredSchema schema;

    public SchemaResource(ApiKeyCaller caller, DiscoveredSchema schema) {
        this.caller = caller;
        this.schema = schema;
    }

    @GET
    public Map<String, Object> schema() {
        String projectId = GoodLogsKeys.grant(caller, Scopes.DATA_READ).getProjectId();
        return schema.of(projectId).body();
    }
}
