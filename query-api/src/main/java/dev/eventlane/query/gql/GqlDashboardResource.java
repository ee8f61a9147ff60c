package dev.eventlane.query.gql;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;

import dev.eventlane.query.control.rest.SignedIn;
import dev.eventlane.query.control.service.Tenancy;
import dev.eventlane.query.control.service.Tokens;

/** GoodLogs' dashboard GQL: {@code GET /api/orgs/{org}/projects/{project}/gql?q&cursor} for a member of the org. */
@Path("/api/orgs/{org}/projects/{project}/gql")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Tokens.USER)
@Blocking
public class GqlDashboardResource {

    private final Tenancy tenancy;
    private final SecurityIdentity identity;
    private final GqlRunner gql;

    public GqlDashboardResource(Tenancy tenancy, SecurityIdentity identity, GqlRunner gql) {
        this.tenancy = tenancy;
        this.identity = identity;
        this.gql = gql;
    }

    @GET
    public Map<String, Object> query(@PathParam("org") String org, @PathParam("project") String project,
            @QueryParam("q") String q, @QueryParam("cursor") String cursor) {
        String projectId = tenancy.project(SignedIn.user(identity), org, project).id.toString();
        return gql.run(projectId, q, cursor);
    }
}
