package dev.eventlane.query.control.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.eventlane.platform.auth.ApiKeys;
import dev.eventlane.query.config.ControlConfig;
import dev.eventlane.query.control.model.Account;
import dev.eventlane.query.control.model.Invitation;
import dev.eventlane.query.control.model.InvitationRepository;
import dev.eventlane.query.control.model.Membership;
import dev.eventlane.query.control.model.Org;

/**
 * How people join an org: an owner creates an invitation, whose token ({@code inv_} and 48 characters) is shown
 * once; whoever holds it accepts it, signed in or while signing up, once, before it expires. Holding the token is
 * the proof, not an email address, which anyone could have registered first.
 */
@ApplicationScoped
public class Invitations {

    static final String PREFIX = "inv_";

    private final Tenancy tenancy;
    private final InvitationRepository invitations;
    private final Accounts accounts;
    private final ControlConfig config;

    public Invitations(Tenancy tenancy, InvitationRepository invitations, Accounts accounts, ControlConfig config) {
        this.tenancy = tenancy;
        this.invitations = invitations;
        this.accounts = accounts;
        this.config = config;
    }

    /** A new invitation and its token, which is not stored and cannot be shown again. */
    public record Created(Invitation invitation, String token) {
    }

    @Transactional
    public Created create(UUID userId, String orgId, String role) {
        Org org = tenancy.ownedOrg(userId, orgId);
        String token = ApiKeys.random(PREFIX, ApiKeys.RANDOM_CHARS);
        Invitation invitation = new Invitation();
        invitation.id = UUID.randomUUID();
        invitation.orgId = org.id;
        invitation.tokenHash = ApiKeys.hash(token);
        invitation.role = Tenancy.role(Validate.orDefault(role, Membership.MEMBER));
        invitation.createdBy = userId;
        invitation.createdAt = Instant.now();
        invitation.expiresAt = invitation.createdAt.plus(config.invitationLifetime());
        invitations.persist(invitation);
        return new Created(invitation, token);
    }

    /** The org's invitations not yet accepted or expired (owners only). */
    public List<Invitation> open(UUID userId, String orgId) {
        return invitations.openOfOrg(tenancy.ownedOrg(userId, orgId).id, Instant.now());
    }

    /** Withdraws an invitation (owners only); its token no longer works. */
    @Transactional
    public void withdraw(UUID userId, String orgId, String invitationId) {
        Org org = tenancy.ownedOrg(userId, orgId);
        invitations.delete(invitations.ofOrg(org.id, Validate.id("invitation", invitationId))
                .orElseThrow(() -> ControlException.notFound("invitation")));
    }

    /** The signed-in user joins the invitation's org with its role; the token is used up. */
    @Transactional
    public Membership accept(UUID userId, String token) {
        Invitation invitation = invitations.openForUpdate(hash(token), Instant.now())
                .orElseThrow(Invitations::invalid);
        Membership membership = tenancy.join(invitation.orgId, userId, invitation.role);
        invitation.acceptedBy = userId;
        invitation.acceptedAt = Instant.now();
        return membership;
    }

    /** Whether the token is an open invitation: checked before an invited sign-up spends a password hash. */
    public boolean isOpen(String token) {
        return wellFormed(token) && invitations.open(ApiKeys.hash(token), Instant.now()).isPresent();
    }

    /** Signs up and accepts the invitation in one transaction: no account without the membership, nor the reverse. */
    @Transactional
    public Account signUpInvited(String email, String password, String token) {
        if (!isOpen(token)) {
            throw invalid();
        }
        Account account = accounts.signUp(email, password);
        accept(account.id, token);
        return account;
    }

    private static String hash(String token) {
        if (!wellFormed(token)) {
            throw invalid();
        }
        return ApiKeys.hash(token);
    }

    private static boolean wellFormed(String token) {
        return token != null && token.startsWith(PREFIX) && token.length() == PREFIX.length() + ApiKeys.RANDOM_CHARS;
    }

    private static ControlException invalid() {
        return ControlException.notFound("invitation (unknown, used, withdrawn or expired)");
    }
}
