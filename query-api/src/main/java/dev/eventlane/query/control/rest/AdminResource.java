package dev.eventlane.query.control.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.eventlane.query.control.service.Operators;
import dev.eventlane.query.control.service.Tenancy;

/** What instance administrators (operators) do: set any project's plan. */
@Path("/api/admin")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Operators.OPERATOR)
public class AdminResource {

    private final Tenancy tenancy;

    public AdminResource(Tenancy tenancy) {
        this.tenancy = tenancy;
    }

    public record PlanBody(String plan) {
    }

    @PUT
    @Path("/projects/{project}")
    public Views.ProjectView setPlan(@PathParam("project") String project, PlanBody body) {
        return Views.ProjectView.of(tenancy.setPlan(project, AuthResource.required(body).plan()));
    }
}
