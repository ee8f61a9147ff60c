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

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.security.identity.SecurityIdentity;

import dev.eventlane.query.control.service.PersonalTokens;
import dev.eventlane.query.control.service.Tokens;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The signed-in user's personal access tokens ({@code pat_...}). */
@Path("/api/tokens")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Tokens.USER)
public class TokensResource {

    private final PersonalTokens tokens;
    private final SecurityIdentity identity;

    public TokensResource(PersonalTokens tokens, SecurityIdentity identity) {
        this.tokens = tokens;
        this.identity = identity;
    }

    public record TokenBody(String name, @JsonProperty("expires_in_days") Integer expiresInDays) {
    }

    @POST
    @APIResponse(responseCode = "201", description = "The token, with its secret shown once",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Views.Token.class)))
    public Response create(TokenBody body) {
        TokenBody request = body == null ? new TokenBody(null, null) : body;
        PersonalTokens.Created created = tokens.create(SignedIn.user(identity), request.name(),
                request.expiresInDays());
        return Response.status(201).entity(Views.Token.of(created.token(), created.secret())).build();
    }

    @GET
    public Map<String, Object> list() {
        return Map.of("tokens", tokens.list(SignedIn.user(identity)).stream().map(t -> Views.Token.of(t, null))
                .toList());
    }

    @DELETE
    @Path("/{token}")
    public Views.Token revoke(@PathParam("token") String token) {
        return Views.Token.of(tokens.revoke(SignedIn.user(identity), token), null);
    }
}
