package dev.eventlane.query.control.rest;

import java.time.Instant;
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

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.security.identity.SecurityIdentity;

import dev.eventlane.query.control.model.Invitation;
import dev.eventlane.query.control.service.Invitations;
import dev.eventlane.query.control.service.Tokens;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An org's invitations: owners create them (the token shown once), list and withdraw them. The invited person
 * accepts one signed in ({@link InvitationAcceptResource}) or while signing up ({@code invitation} in
 * {@code POST /api/auth/signup}).
 */
@Path("/api/orgs/{org}/invitations")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Tokens.USER)
public class InvitationsResource {

    private final Invitations invitations;
    private final SecurityIdentity identity;

    public InvitationsResource(Invitations invitations, SecurityIdentity identity) {
        this.invitations = invitations;
        this.identity = identity;
    }

    public record InvitationBody(String role) {
    }

    /** An invitation as shown to owners; {@code token} only in the answer to its creation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Invitation")
    public record View(String id, @JsonProperty("org_id") String orgId, String role, String token,
            @JsonProperty("created_at") Instant createdAt, @JsonProperty("expires_at") Instant expiresAt) {

        static View of(Invitation invitation, String token) {
            return new View(invitation.id.toString(), invitation.orgId.toString(), invitation.role, token,
                    invitation.createdAt, invitation.expiresAt);
        }
    }

    @POST
    @APIResponse(responseCode = "201", description = "The invitation, with its token shown once",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = View.class)))
    public Response create(@PathParam("org") String org, InvitationBody body) {
        Invitations.Created created = invitations.create(SignedIn.user(identity), org,
                body == null ? null : body.role());
        return Response.status(201).entity(View.of(created.invitation(), created.token())).build();
    }

    @GET
    public Map<String, Object> list(@PathParam("org") String org) {
        return Map.of("invitations", invitations.open(SignedIn.user(identity), org).stream()
                .map(invitation -> View.of(invitation, null)).toList());
    }

    @DELETE
    @Path("/{invitation}")
    @APIResponse(responseCode = "204", description = "Withdrawn")
    public Response withdraw(@PathParam("org") String org, @PathParam("invitation") String invitation) {
        invitations.withdraw(SignedIn.user(identity), org, invitation);
        return Response.noContent().build();
    }
}
