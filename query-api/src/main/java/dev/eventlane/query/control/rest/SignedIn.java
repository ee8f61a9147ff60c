package dev.eventlane.query.control.rest;

import java.util.UUID;

import io.quarkus.security.identity.SecurityIdentity;

import dev.eventlane.query.control.service.ControlException;

/** The signed-in user of a dashboard request: JWTs and personal access tokens both name the user id. */
public final class SignedIn {

    private SignedIn() {
    }

    public static UUID user(SecurityIdentity identity) {
        try {
            return UUID.fromString(identity.getPrincipal().getName());
        } catch (IllegalArgumentException e) {
            throw ControlException.unauthorized("The token does not name a user");
        }
    }
}
