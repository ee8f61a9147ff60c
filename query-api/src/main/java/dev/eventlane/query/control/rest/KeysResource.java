package dev.eventlane.query.control.rest;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;

import dev.eventlane.query.control.service.ProjectKeys;
import dev.eventlane.query.control.service.Tokens;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A project's API keys: created (shown once), listed masked, revoked. */
@Path("/api/orgs/{org}/projects/{project}/keys")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Tokens.USER)
public class KeysResource {

    private final ProjectKeys keys;
    private final SecurityIdentity identity;

    public KeysResource(ProjectKeys keys, SecurityIdentity identity) {
        this.keys = keys;
        this.identity = identity;
    }

    @POST
    @APIResponse(responseCode = "201", description = "The key, with its secret shown once",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Views.Key.class)))
    public Response create(@PathParam("org") String org, @PathParam("project") String project,
            ProjectKeys.Request body) {
        ProjectKeys.Created created = keys.create(SignedIn.user(identity), org, project,
                AuthResource.required(body));
        return Response.status(201).entity(Views.Key.of(created.key(), created.secret())).build();
    }

    @GET
    public Map<String, Object> list(@PathParam("org") String org, @PathParam("project") String project) {
        return Map.of("keys", keys.list(SignedIn.user(identity), org, project).stream()
                .map(key -> Views.Key.of(key, null)).toList());
    }

    @DELETE
    @Path("/{key}")
    public Views.Key revoke(@PathParam("org") String org, @PathParam("project") String project,
            @PathParam("key") String key) {
        return Views.Key.of(keys.revoke(SignedIn.user(identity), org, project, key), null);
    }
}
