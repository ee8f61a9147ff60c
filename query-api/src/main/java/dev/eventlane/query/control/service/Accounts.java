package dev.eventlane.query.control.service;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import dev.eventlane.query.control.model.Account;
import dev.eventlane.query.control.model.AccountRepository;

/** Sign-up and sign-in. Passwords are hashed with Argon2id ({@link PasswordHashing}), a random salt per password. */
@ApplicationScoped
public class Accounts {

    /** Longer passwords were never accepted at sign-up, so they cannot match: refused before any hashing. */
    private static final int MAX_PASSWORD_LENGTH = 128;

    private final AccountRepository accounts;
    private final PasswordHashing hashing;

    public Accounts(AccountRepository accounts, PasswordHashing hashing) {
        this.accounts = accounts;
        this.hashing = hashing;
    }

    @Transactional
    public Account signUp(String email, String password) {
        String address = Validate.email(email);
        String hash = hashing.hash(Validate.password(password));
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

    /**
     * The account whose email and password these are. Not one transaction: the hash runs after the lookup, and a
     * database connection held through it would let a flood of log-ins drain the pool.
     */
    public Account logIn(String email, String password) {
        String candidate = password == null ? "" : password;
        if (candidate.length() > MAX_PASSWORD_LENGTH) {
            throw ControlException.unauthorized("Invalid email or password");
        }
        Account account = email == null ? null : accounts.byEmail(email.strip().toLowerCase(Locale.ROOT))
                .orElse(null);
        if (!hashing.matches(candidate, account == null ? null : account.passwordHash)) {
            throw ControlException.unauthorized("Invalid email or password");
        }
        return account;
    }

    public Account get(UUID userId) {
        return accounts.findByIdOptional(userId).orElseThrow(() -> ControlException.unauthorized(
                "The signed-in user no longer exists"));
    }
}
