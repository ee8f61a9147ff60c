package dev.eventlane.query.control.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import dev.eventlane.query.control.model.Account;
import dev.eventlane.query.control.model.AccountRepository;
import dev.eventlane.query.control.model.ApiKeyRepository;
import dev.eventlane.query.control.model.Membership;
import dev.eventlane.query.control.model.MembershipRepository;
import dev.eventlane.query.control.model.Org;
import dev.eventlane.query.control.model.OrgRepository;
import dev.eventlane.query.control.model.Project;
import dev.eventlane.query.control.model.ProjectRepository;
import dev.eventlane.query.control.model.WebhookRepository;
import dev.eventlane.schemas.auth.Plan;

/**
 * Orgs, their members and their projects. Only members see or change an org and its projects; to anyone else they
 * do not exist (404), so ids and slugs cannot be probed.
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
        Org org = org(userId, orgId);
        org.name = Validate.name("name", name);
        return org;
    }

    public List<Membership> members(UUID userId, String orgId) {
        return members.inOrg(org(userId, orgId).id);
    }

    /** Adds an existing user (by email) to the org. */
    @Transactional
    public Membership addMember(UUID userId, String orgId, String email) {
        Org org = org(userId, orgId);
        Account added = accounts.byEmail(Validate.email(email))
                .orElseThrow(() -> ControlException.notFound("user with this email"));
        if (members.of(org.id, added.id).isPresent()) {
            throw ControlException.conflict("Already a member");
        }
        return addMember(org.id, added.id, Membership.MEMBER);
    }

    public String emailOf(UUID userId) {
        return accounts.findByIdOptional(userId).map(account -> account.email).orElse("");
    }

    @Transactional
    public Project createProject(UUID userId, String orgId, String name, String slug, String plan) {
        Org org = org(userId, orgId);
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
     * Renames the project and/or moves it to another plan. A new plan reaches ingest with the project's keys, and the
     * stream-processors with its webhook endpoints (withdrawn when the plan has no webhooks), committed together.
     */
    @Transactional
    public Project updateProject(UUID userId, String orgId, String projectId, String name, String plan) {
        outbox.lock();
        Project project = project(userId, orgId, projectId);
        if (name != null) {
            project.name = Validate.name("name", name);
        }
        if (plan != null && !plan.equals(project.plan)) {
            project.plan = plan(plan);
            projects.flush();
            publisher.publish(project, keys.ofProject(project.id));
            webhooks.liveOfProject(project.id).forEach(webhook -> webhookPublisher.publish(project, webhook));
        }
        return project;
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
