package dev.eventlane.query.security;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import dev.eventlane.query.control.service.Operators;
import dev.eventlane.query.control.service.Tokens;

/**
 * Adds {@link Operators#OPERATOR} to a signed-in user's roles when PostgreSQL says they are one, per request: a JWT
 * minted before someone became (or stopped being) an operator does not carry a stale answer.
 */
@ApplicationScoped
public class OperatorRoleAugmentor implements SecurityIdentityAugmentor {

    private final Operators operators;

    public OperatorRoleAugmentor(Operators operators) {
        this.operators = operators;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !identity.hasRole(Tokens.USER)) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> withOperatorRole(identity));
    }

    private SecurityIdentity withOperatorRole(SecurityIdentity identity) {
        UUID user;
        try {
            user = UUID.fromString(identity.getPrincipal().getName());
        } catch (IllegalArgumentException e) {
            return identity;
        }
        if (!operators.isOperator(user)) {
            return identity;
        }
        return QuarkusSecurityIdentity.builder(identity).addRole(Operators.OPERATOR).build();
    }
}
