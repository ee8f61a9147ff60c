package dev.eventlane.query.gql;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import dev.eventlane.query.control.rest.SignedIn;
import dev.eventlane.query.control.service.Tenancy;
import dev.eventlane.query.control.service.Tokens;

/**
 * GoodLogs' dashboard GQL for a member of the org: {@code GET /api/orgs/{org}/projects/{project}/gql?q&cursor} runs a
 * query, {@code .../gql/autocomplete?q&cursor} suggests what may come at the cursor, {@code POST .../gql/nl} turns a
 * question into GQL ({@link GqlNaturalLanguage}).
 */
@Path("/api/orgs/{org}/projects/{project}/gql")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Tokens.USER)
@Blocking
public class GqlDashboardResource {

    private final Tenancy tenancy;
    private final SecurityIdentity identity;
    private final GqlRunner gql;
    private final GqlAutocomplete autocomplete;
    private final GqlNaturalLanguage naturalLanguage;

    public GqlDashboardResource(Tenancy tenancy, SecurityIdentity identity, GqlRunner gql,
            GqlAutocomplete autocomplete, GqlNaturalLanguage naturalLanguage) {
        this.tenancy = tenancy;
        this.identity = identity;
        this.gql = gql;
        this.autocomplete = autocomplete;
        this.naturalLanguage = naturalLanguage;
    }

    @GET
    public Map<String, Object> query(@PathParam("org") String org, @PathParam("project") String project,
            @QueryParam("q") String q, @QueryParam("cursor") String cursor) {
        String projectId = tenancy.project(SignedIn.user(identity), org, project).id.toString();
        return gql.run(projectId, q, cursor);
    }

    @GET
    @Path("/autocomplete")
    public Map<String, Object> autocomplete(@PathParam("org") String org, @PathParam("project") String project,
            @QueryParam("q") String q, @QueryParam("cursor") String cursor) {
        String projectId = tenancy.project(SignedIn.user(identity), org, project).id.toString();
        return autocomplete.complete(projectId, q, cursor);
    }

    @POST
    @Path("/nl")
    @RequestBody(required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "GqlNlInput")))
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> naturalLanguage(@PathParam("org") String org, @PathParam("project") String project,
            JsonNode body) {
        tenancy.project(SignedIn.user(identity), org, project);
        return naturalLanguage.translate(body);
    }
}
