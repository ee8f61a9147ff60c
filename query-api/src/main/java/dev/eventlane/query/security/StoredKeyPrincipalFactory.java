package dev.eventlane.query.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import dev.eventlane.query.control.service.SigningKeys;

/**
 * Verifies dashboard JWTs with the public key stored in PostgreSQL ({@link SigningKeys}) instead of a key file:
 * the key is generated at first start, so it cannot be in the configuration.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class StoredKeyPrincipalFactory extends JWTCallerPrincipalFactory {

    private final SigningKeys keys;
    private final DefaultJWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();

    public StoredKeyPrincipalFactory(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo configured) throws ParseException {
        JWTAuthContextInfo info = new JWTAuthContextInfo(configured);
        info.setPublicVerificationKey(keys.publicKey());
        return verifier.parse(token, info);
    }
}
