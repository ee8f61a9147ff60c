package dev.eventlane.query.control.rest;

import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.eventlane.query.control.model.Account;
import dev.eventlane.query.control.service.Accounts;
import dev.eventlane.query.control.service.ControlException;
import dev.eventlane.query.control.service.Invitations;
import dev.eventlane.query.control.service.LoginThrottle;
import dev.eventlane.query.control.service.SignupPolicy;
import dev.eventlane.query.control.service.Tokens;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Sign-up and log-in; both answer a dashboard JWT. */
@Path("/api/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class AuthResource {

    private final Accounts accounts;
    private final Invitations invitations;
    private final SignupPolicy signups;
    private final Tokens tokens;
    private final LoginThrottle throttle;

    public AuthResource(Accounts accounts, Invitations invitations, SignupPolicy signups, Tokens tokens,
            LoginThrottle throttle) {
        this.accounts = accounts;
        this.invitations = invitations;
        this.signups = signups;
        this.tokens = tokens;
        this.throttle = throttle;
    }

    /** {@code invitation}: an org invitation token, accepted with the sign-up (required when invite-only). */
    public record Credentials(String email, String password, String invitation) {
    }

    /** As {@code eventlane.control.signup} allows: 403 {@code SIGNUP_CLOSED} or {@code INVITATION_REQUIRED}. */
    @POST
    @Path("/signup")
    @APIResponse(responseCode = "201", description = "Signed up and in",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "SignedIn")))
    public Response signUp(Credentials credentials, @Context HttpServerRequest http) {
        admit(required(credentials), http);
        signups.check(credentials.invitation() != null && invitations.isOpen(credentials.invitation()));
        Account account = credentials.invitation() == null
                ? accounts.signUp(credentials.email(), credentials.password())
                : invitations.signUpInvited(credentials.email(), credentials.password(), credentials.invitation());
        return Response.status(201).entity(Map.of("token", tokens.issue(account), "user", Views.User.of(account)))
                .build();
    }

    @POST
    @Path("/login")
    @APIResponse(responseCode = "200", description = "Signed in",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "SignedIn")))
    public Map<String, Object> logIn(Credentials credentials, @Context HttpServerRequest http) {
        admit(required(credentials), http);
        Account account = accounts.logIn(required(credentials).email(), credentials.password());
        return Map.of("token", tokens.issue(account), "user", Views.User.of(account));
    }

    /** Takes the attempt from the client's and the account's allowance before any password is hashed. */
    private void admit(Credentials credentials, HttpServerRequest http) {
        String peer = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        throttle.admit(peer, http.getHeader("X-Forwarded-For"), credentials.email());
    }

    static <T> T required(T body) {
        if (body == null) {
            throw ControlException.validation("Send a JSON object body");
        }
        return body;
    }
}
