package dev.eventlane.query.control.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.security.identity.SecurityIdentity;

import dev.eventlane.query.control.model.Membership;
import dev.eventlane.query.control.service.Invitations;
import dev.eventlane.query.control.service.Tokens;

/** A signed-in user accepts an org invitation with its token and joins the org with the invitation's role. */
@Path("/api/invitations")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Tokens.USER)
public class InvitationAcceptResource {

    private final Invitations invitations;
    private final SecurityIdentity identity;

    public InvitationAcceptResource(Invitations invitations, SecurityIdentity identity) {
        this.invitations = invitations;
        this.identity = identity;
    }

    public record AcceptBody(String token) {
    }

    public record Joined(@JsonProperty("org_id") String orgId, @JsonProperty("user_id") String userId,
            String role) {

        static Joined of(Membership membership) {
            return new Joined(membership.orgId.toString(), membership.userId.toString(), membership.role);
        }
    }

    @POST
    @Path("/accept")
    public Joined accept(AcceptBody body) {
        return Joined.of(invitations.accept(SignedIn.user(identity), AuthResource.required(body).token()));
    }
}
