package dev.eventlane.query.control.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

import dev.eventlane.query.config.ControlConfig;
import dev.eventlane.query.control.model.Account;
import dev.eventlane.query.control.model.AccountRepository;
import dev.eventlane.query.security.OperatorRoleAugmentor;

/**
 * Instance administrators. The configured operator ({@code eventlane.control.operator-email}) is created at
 * start-up if missing, so a deployment whose sign-up is closed or invite-only still has someone to sign in; whether
 * a user is an operator is read from PostgreSQL on every request ({@link OperatorRoleAugmentor}).
 */
@ApplicationScoped
public class Operators {

    /** The role of an operator's requests, beside {@link Tokens#USER}. */
    public static final String OPERATOR = "operator";
    private static final Logger LOG = Logger.getLogger(Operators.class);

    private final AccountRepository accounts;
    private final Accounts signUps;
    private final ControlConfig config;

    public Operators(AccountRepository accounts, Accounts signUps, ControlConfig config) {
        this.accounts = accounts;
        this.signUps = signUps;
        this.config = config;
    }

    void seed(@Observes StartupEvent startup) {
        config.operatorEmail().ifPresent(email -> {
            try {
                QuarkusTransaction.requiringNew().run(() -> makeOperator(email));
            } catch (RuntimeException e) {
                // Most likely another instance created it at the same moment, and made it an operator there.
                LOG.warnf("Could not create or mark the operator %s: %s", email, e.getMessage());
            }
        });
    }

    private void makeOperator(String email) {
        Account account = accounts.byEmail(Validate.email(email)).orElse(null);
        if (account == null) {
            String password = config.operatorPassword().orElse(null);
            if (password == null) {
                LOG.warnf("eventlane.control.operator-email is %s but no operator-password is set: not created", email);
                return;
            }
            account = signUps.signUp(email, password);
            LOG.infof("Created the operator account %s", account.email);
        }
        account.operator = true;
    }

    @Transactional
    public boolean isOperator(UUID userId) {
        return accounts.findByIdOptional(userId).map(account -> account.operator).orElse(false);
    }
}
