package dev.eventlane.query.gql;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;

import dev.eventlane.query.control.rest.SignedIn;
import dev.eventlane.query.control.service.Tenancy;
import dev.eventlane.query.control.service.Tokens;

/**
 * GoodLogs' dashboard {@code GET /api/orgs/{org}/projects/{project}/schema} for a member of the org: the project's
 * discovered schema, as {@code /v1/schema} answers it.
 */
@Path("/api/orgs/{org}/projects/{project}/schema")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Tokens.USER)
@Blocking
public class SchemaDashboardResource {

    private final Tenancy tenancy;
    private final SecurityIdentity identity;
    private final DiscoveredSchema schema;

    public SchemaDashboardResource(Tenancy tenancy, SecurityIdentity identity, DiscoveredSchema schema) {
        this.tenancy = tenancy;
        this.identity = identity;
        this.schema = schema;
    }

    @GET
    public Map<String, Object> schema(@PathParam("org") String org, @PathParam("project") String project) {
        String projectId = tenancy.project(SignedIn.user(identity), org, project).id.toString();
        return schema.of(projectId).body();
    }
}
