package dev.eventlane.query.control.service;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import com.password4j.Password;

import dev.eventlane.query.control.model.Account;
import dev.eventlane.query.control.model.AccountRepository;

/** Sign-up and sign-in. Passwords are hashed with Argon2id (Password4j), with a random salt per password. */
@ApplicationScoped
public class Accounts {

    /** Checked when the email is unknown, so a login costs the same whether or not the account exists. */
    private static final String DECOY_HASH = Password.hash("eventlane-decoy-password").addRandomSalt()
            .withArgon2().getResult();

    private final AccountRepository accounts;

    public Accounts(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Transactional
    public Account signUp(String email, String password) {
        String address = Validate.email(email);
        String hash = Password.hash(Validate.password(password)).addRandomSalt().withArgon2().getResult();
        if (accounts.byEmail(address).isPresent()) {
            throw ControlException.conflict("An account with this email exists; log in instead");
        }
        Account account = new Account();
        account.id = UUID.randomUUID();
        account.email = address;
        account.passwordHash = hash;
        account.createdAt = Instant.now();
        try {
            accounts.persistAndFlush(account);
        } catch (PersistenceException e) {
            throw ControlException.conflict("An account with this email exists; log in instead");
        }
        return account;
    }

    @Transactional
    public Account logIn(String email, String password) {
        Account account = email == null ? null : accounts.byEmail(email.strip().toLowerCase(Locale.ROOT))
                .orElse(null);
        String candidate = password == null ? "" : password;
        boolean matches = Password.check(candidate, account == null ? DECOY_HASH : account.passwordHash)
                .withArgon2();
        if (account == null || !matches) {
            throw ControlException.unauthorized("Invalid email or password");
        }
        return account;
    }

    public Account get(UUID userId) {
        return accounts.findByIdOptional(userId).orElseThrow(() -> ControlException.unauthorized(
                "The signed-in user no longer exists"));
    }
}
