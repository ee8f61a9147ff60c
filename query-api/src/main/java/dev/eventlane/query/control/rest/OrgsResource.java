package dev.eventlane.query.control.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
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

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.security.identity.SecurityIdentity;

import dev.eventlane.query.control.model.Membership;
import dev.eventlane.query.control.service.Operators;
import dev.eventlane.query.control.service.Tenancy;
import dev.eventlane.query.control.service.Tokens;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Orgs, their members and projects, for signed-in users (JWT or personal access token). Members read; owners rename
 * the org and manage members; only operators choose plans.
 */
@Path("/api/orgs")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Tokens.USER)
public class OrgsResource {

    private final Tenancy tenancy;
    private final SecurityIdentity identity;

    public OrgsResource(Tenancy tenancy, SecurityIdentity identity) {
        this.tenancy = tenancy;
        this.identity = identity;
    }

    public record OrgBody(String name) {
    }

    public record RoleBody(String role) {
    }

    public record ProjectBody(String name, String slug, String plan,
            @JsonProperty("allowed_origins") List<String> allowedOrigins) {
    }

    @GET
    public Map<String, Object> list() {
        return Map.of("orgs", tenancy.orgsOf(user()).stream().map(Views.OrgView::of).toList());
    }

    @POST
    @APIResponse(responseCode = "201", description = "The org",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Views.OrgView.class)))
    public Response create(OrgBody body) {
        return Response.status(201).entity(Views.OrgView.of(tenancy.createOrg(user(),
                AuthResource.required(body).name()))).build();
    }

    @GET
    @Path("/{org}")
    public Views.OrgView get(@PathParam("org") String org) {
        return Views.OrgView.of(tenancy.org(user(), org));
    }

    @PUT
    @Path("/{org}")
    public Views.OrgView update(@PathParam("org") String org, OrgBody body) {
        return Views.OrgView.of(tenancy.renameOrg(user(), org, AuthResource.required(body).name()));
    }

    @GET
    @Path("/{org}/members")
    public Map<String, Object> members(@PathParam("org") String org) {
        List<Views.Member> members = tenancy.members(user(), org).stream().map(this::member).toList();
        return Map.of("members", members);
    }

    /** Owners only; members join by invitation ({@link InvitationsResource}). */
    @PUT
    @Path("/{org}/members/{user}")
    public Views.Member changeRole(@PathParam("org") String org, @PathParam("user") String member, RoleBody body) {
        return member(tenancy.changeRole(user(), org, member, AuthResource.required(body).role()));
    }

    /** Owners only; the removed member's next request is refused. */
    @DELETE
    @Path("/{org}/members/{user}")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response removeMember(@PathParam("org") String org, @PathParam("user") String member) {
        tenancy.removeMember(user(), org, member);
        return Response.noContent().build();
    }

    @GET
    @Path("/{org}/projects")
    public Map<String, Object> projects(@PathParam("org") String org) {
        return Map.of("projects", tenancy.projects(user(), org).stream().map(Views.ProjectView::of).toList());
    }

    @POST
    @Path("/{org}/projects")
    @APIResponse(responseCode = "201", description = "The project",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = Views.ProjectView.class)))
    public Response createProject(@PathParam("org") String org, ProjectBody body) {
        ProjectBody project = AuthResource.required(body);
        return Response.status(201).entity(Views.ProjectView.of(tenancy.createProject(user(), operator(), org,
                project.name(), project.slug(), project.plan()))).build();
    }

    @GET
    @Path("/{org}/projects/{project}")
    public Views.ProjectView project(@PathParam("org") String org, @PathParam("project") String project) {
        return Views.ProjectView.of(tenancy.project(user(), org, project));
    }

    @PUT
    @Path("/{org}/projects/{project}")
    public Views.ProjectView updateProject(@PathParam("org") String org, @PathParam("project") String project,
            ProjectBody body) {
        ProjectBody update = AuthResource.required(body);
        return Views.ProjectView.of(tenancy.updateProject(user(), operator(), org, project,
                update.name(), update.plan(), update.allowedOrigins()));
    }

    private Views.Member member(Membership membership) {
        return new Views.Member(membership.userId.toString(), tenancy.emailOf(membership.userId), membership.role);
    }

    private UUID user() {
        return SignedIn.user(identity);
    }

    private boolean operator() {
        return identity.hasRole(Operators.OPERATOR);
    }
}
