package dev.eventlane.query.control.rest;

import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.eventlane.query.control.model.Account;
import dev.eventlane.query.control.service.Accounts;
import dev.eventlane.query.control.service.ControlException;
import dev.eventlane.query.control.service.Tokens;

/** Sign-up and log-in; both answer a dashboard JWT. */
@Path("/api/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class AuthResource {

    private final Accounts accounts;
    private final Tokens tokens;

    public AuthResource(Accounts accounts, Tokens tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    public record Credentials(String email, String password) {
    }

    @POST
    @Path("/signup")
    public Response signUp(Credentials credentials) {
        Account account = accounts.signUp(required(credentials).email(), credentials.password());
        return Response.status(201).entity(Map.of("token", tokens.issue(account), "user", Views.User.of(account)))
                .build();
    }

    @POST
    @Path("/login")
    public Map<String, Object> logIn(Credentials credentials) {
        Account account = accounts.logIn(required(credentials).email(), credentials.password());
        return Map.of("token", tokens.issue(account), "user", Views.User.of(account));
    }

    static <T> T required(T body) {
        if (body == null) {
            throw ControlException.validation("Send a JSON object body");
        }
        return body;
    }
}
