package dev.eventlane.query.control.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import dev.eventlane.platform.auth.Plan;
import dev.eventlane.query.control.model.AccountRepository;
import dev.eventlane.query.control.model.ApiKeyRepository;
import dev.eventlane.query.control.model.Membership;
import dev.eventlane.query.control.model.MembershipRepository;
import dev.eventlane.query.control.model.Org;
import dev.eventlane.query.control.model.OrgRepository;
import dev.eventlane.query.control.model.Project;
import dev.eventlane.query.control.model.ProjectRepository;
import dev.eventlane.query.control.model.WebhookRepository;

/**
 * Orgs, their members and their projects. Only members see or change an org and its projects; to anyone else they
 * do not exist (404), so ids and slugs cannot be probed. Owners alone rename the org and manage its members (who
 * join by invitation, {@link Invitations}); membership is read on every request, so a removed member is refused at
 * once. Plans are set by operators.
 */
@ApplicationScoped
public class Tenancy {

    private final OrgRepository orgs;
    private final MembershipRepository members;
    private final ProjectRepository projects;
    private final AccountRepository accounts;
    private final ApiKeyRepository keys;
    private final KeyPublisher publisher;
    private final WebhookRepository webhooks;
    private final WebhookPublisher webhookPublisher;
    private final ControlOutbox outbox;

    public Tenancy(OrgRepository orgs, MembershipRepository members, ProjectRepository projects,
            AccountRepository accounts, ApiKeyRepository keys, KeyPublisher publisher, WebhookRepository webhooks,
            WebhookPublisher webhookPublisher, ControlOutbox outbox) {
        this.webhooks = webhooks;
        this.webhookPublisher = webhookPublisher;
        this.outbox = outbox;
        this.orgs = orgs;
        this.members = members;
        this.projects = projects;
        this.accounts = accounts;
        this.keys = keys;
        this.publisher = publisher;
    }

    @Transactional
    public Org createOrg(UUID userId, String name) {
        Org org = new Org();
        org.id = UUID.randomUUID();
        org.name = Validate.name("name", name);
        org.createdAt = Instant.now();
        orgs.persist(org);
        addMember(org.id, userId, Membership.OWNER);
        return org;
    }

    public List<Org> orgsOf(UUID userId) {
        return orgs.ofUser(userId);
    }

    /** The org, if the user is a member of it. */
    public Org org(UUID userId, String orgId) {
        UUID id = Validate.id("org", orgId);
        if (members.of(id, userId).isEmpty()) {
            throw ControlException.notFound("org");
        }
        return orgs.findById(id);
    }

    @Transactional
    public Org renameOrg(UUID userId, String orgId, String name) {
        Org org = ownedOrg(userId, orgId);
        org.name = Validate.name("name", name);
        return org;
    }

    public List<Membership> members(UUID userId, String orgId) {
        return members.inOrg(org(userId, orgId).id);
    }

    /** The org, if the user is one of its owners; 403 for its other members, 404 for everyone else. */
    public Org ownedOrg(UUID userId, String orgId) {
        Org org = org(userId, orgId);
        if (!members.of(org.id, userId).map(member -> Membership.OWNER.equals(member.role)).orElse(false)) {
            throw ControlException.forbidden("Only owners of the org may do this");
        }
        return org;
    }

    /** The project, if it belongs to the org and the user owns the org (403 for other members). */
    public Project ownedProject(UUID userId, String orgId, String projectId) {
        Org org = ownedOrg(userId, orgId);
        return projects.inOrg(org.id, Validate.id("project", projectId))
                .orElseThrow(() -> ControlException.notFound("project"));
    }

    /**
     * Removes a member (owners only); their next request is refused, since every request reads membership. The
     * last owner cannot be removed: the org would have nobody to manage it.
     */
    @Transactional
    public void removeMember(UUID userId, String orgId, String memberId) {
        Org org = ownedOrg(userId, orgId);
        Membership member = members.of(org.id, Validate.id("member", memberId))
                .orElseThrow(() -> ControlException.notFound("member"));
        if (Membership.OWNER.equals(member.role) && members.owners(org.id) <= 1) {
            throw ControlException.conflict("The last owner cannot be removed");
        }
        members.delete(member);
    }

    /** Makes a member an owner or an owner a member (owners only); the last owner stays one. */
    @Transactional
    public Membership changeRole(UUID userId, String orgId, String memberId, String role) {
        Org org = ownedOrg(userId, orgId);
        Membership member = members.of(org.id, Validate.id("member", memberId))
                .orElseThrow(() -> ControlException.notFound("member"));
        String wanted = role(role);
        if (Membership.OWNER.equals(member.role) && !wanted.equals(member.role) && members.owners(org.id) <= 1) {
            throw ControlException.conflict("The last owner cannot become a member");
        }
        member.role = wanted;
        return member;
    }

    /** Joins the user to the org with the role, as an accepted invitation does. */
    Membership join(UUID orgId, UUID userId, String role) {
        if (members.of(orgId, userId).isPresent()) {
            throw ControlException.conflict("Already a member");
        }
        return addMember(orgId, userId, role(role));
    }

    /** {@code owner} or {@code member}. */
    static String role(String role) {
        if (!Membership.OWNER.equals(role) && !Membership.MEMBER.equals(role)) {
            throw ControlException.validation("role must be owner or member");
        }
        return role;
    }

    public String emailOf(UUID userId) {
        return accounts.findByIdOptional(userId).map(account -> account.email).orElse("");
    }

    /** A new project of the org; on the free plan unless an operator names another. */
    @Transactional
    public Project createProject(UUID userId, boolean operator, String orgId, String name, String slug,
            String plan) {
        Org org = org(userId, orgId);
        if (plan != null && !plan(plan).equals(Plan.FREE) && !operator) {
            throw ControlException.forbidden("Plans are set by an instance administrator; create the project on "
                    + "the free plan");
        }
        Project project = new Project();
        project.id = UUID.randomUUID();
        project.orgId = org.id;
        project.name = Validate.name("name", name);
        project.slug = Validate.slug(slug);
        project.plan = plan(Validate.orDefault(plan, Plan.FREE));
        project.createdAt = Instant.now();
        try {
            projects.persistAndFlush(project);
        } catch (PersistenceException e) {
            throw ControlException.conflict("The slug " + project.slug + " is taken");
        }
        return project;
    }

    public List<Project> projects(UUID userId, String orgId) {
        return projects.inOrg(org(userId, orgId).id);
    }

    /** The project, if it belongs to the org and the user is a member of the org. */
    public Project project(UUID userId, String orgId, String projectId) {
        Org org = org(userId, orgId);
        return projects.inOrg(org.id, Validate.id("project", projectId))
                .orElseThrow(() -> ControlException.notFound("project"));
    }

    /**
     * Renames the project and sets the browser origins its public keys may send from (published with its keys);
     * moving it to another plan is for operators ({@link #setPlan}), and for members of the org it answers 403.
     */
    @Transactional
    public Project updateProject(UUID userId, boolean operator, String orgId, String projectId, String name,
            String plan, List<String> allowedOrigins) {
        outbox.lock();
        Project project = project(userId, orgId, projectId);
        if (plan != null && !plan.equals(project.plan)) {
            if (!operator) {
                throw ControlException.forbidden("Plans are set by an instance administrator");
            }
            changePlan(project, plan);
        }
        if (name != null) {
            project.name = Validate.name("name", name);
        }
        if (allowedOrigins != null) {
            String origins = String.join(",", Validate.origins("allowed_origins", allowedOrigins));
            if (!origins.equals(project.allowedOrigins)) {
                project.allowedOrigins = origins;
                projects.flush();
                publisher.publish(project, keys.ofProject(project.id));
            }
        }
        return project;
    }

    /** An operator's change of any project's plan. */
    @Transactional
    public Project setPlan(String projectId, String plan) {
        outbox.lock();
        Project project = projects.findByIdOptional(Validate.id("project", projectId))
                .orElseThrow(() -> ControlException.notFound("project"));
        if (plan == null) {
            throw ControlException.validation("plan is required");
        }
        if (!plan.equals(project.plan)) {
            changePlan(project, plan);
        }
        return project;
    }

    /**
     * A new plan reaches ingest with the project's keys, and the stream-processors with its webhook endpoints
     * (withdrawn when the plan has no webhooks), committed with the change.
     */
    private void changePlan(Project project, String plan) {
        project.plan = plan(plan);
        projects.flush();
        publisher.publish(project, keys.ofProject(project.id));
        webhooks.liveOfProject(project.id).forEach(webhook -> webhookPublisher.publish(project, webhook));
    }

    private Membership addMember(UUID orgId, UUID userId, String role) {
        Membership membership = new Membership();
        membership.id = UUID.randomUUID();
        membership.orgId = orgId;
        membership.userId = userId;
        membership.role = role;
        membership.createdAt = Instant.now();
        members.persist(membership);
        return membership;
    }

    private static String plan(String plan) {
        if (!Plan.selectable(plan)) {
            throw ControlException.validation("plan must be one of free, community, supporter, brother");
        }
        return plan;
    }
}
