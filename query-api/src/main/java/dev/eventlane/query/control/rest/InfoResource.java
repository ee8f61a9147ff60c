package dev.eventlane.query.control.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;

import dev.eventlane.platform.auth.Plan;
import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.platform.usage.UsageLedger;
import dev.eventlane.query.control.model.ApiKeyRepository;
import dev.eventlane.query.control.model.Org;
import dev.eventlane.query.control.model.OrgRepository;
import dev.eventlane.query.control.model.Project;
import dev.eventlane.query.control.model.ProjectRepository;
import dev.eventlane.query.control.service.Plans;
import dev.eventlane.query.security.ApiKeyAuthMechanism;
import dev.eventlane.query.security.ApiKeyCaller;
import dev.eventlane.schemas.KeyGrant;

/** GoodLogs' {@code GET /v1/info}: the key's project, org, plan, today's usage and key count. */
@HttpAuthenticationMechanism(ApiKeyAuthMechanism.SCHEME)
@PermitAll
@Path("/v1/info")
@Produces(MediaType.APPLICATION_JSON)
public class InfoResource {

    private final ApiKeyCaller caller;
    private final ProjectRepository projects;
    private final OrgRepository orgs;
    private final ApiKeyRepository keys;
    private final UsageLedger usage;
    private final Plans plans;

    public InfoResource(ApiKeyCaller caller, ProjectRepository projects, OrgRepository orgs,
            ApiKeyRepository keys, UsageLedger usage, Plans plans) {
        this.caller = caller;
        this.projects = projects;
        this.orgs = orgs;
        this.keys = keys;
        this.usage = usage;
        this.plans = plans;
    }

    @GET
    public Map<String, Object> info() {
        KeyGrant grant = GoodLogsKeys.grant(caller, Scopes.DATA_READ);
        Optional<Project> project = stored(grant.getProjectId()).flatMap(projects::findByIdOptional);
        Optional<Org> org = project.map(p -> orgs.findById(p.orgId));
        Plan plan = plans.of(grant.getPlan());
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> projectView = new LinkedHashMap<>();
        projectView.put("id", grant.getProjectId());
        projectView.put("name", project.map(p -> p.name).orElse(grant.getProjectId()));
        projectView.put("slug", project.map(p -> p.slug).orElse(null));
        body.put("project", projectView);
        body.put("org", org.map(o -> Map.of("id", o.id.toString(), "name", o.name)).orElse(null));
        Map<String, Object> planView = new LinkedHashMap<>();
        planView.put("name", plan.name());
        planView.put("daily_events", plan.limited() ? plan.dailyEvents() : null);
        planView.put("events_per_minute", plan.limited() ? plan.perMinute() : null);
        planView.put("retention_hours", plan.retention().map(d -> d.toHours()).orElse(null));
        planView.put("webhooks", plan.webhooks());
        planView.put("requests_per_second", plan.requestsPerSecond() > 0 ? plan.requestsPerSecond() : null);
        body.put("plan", planView);
        Map<String, Object> usageView = new LinkedHashMap<>();
        usageView.put("events_today", usage.today(grant.getProjectId()));
        usageView.put("daily_limit", plan.limited() ? plan.dailyEvents() : null);
        body.put("usage", usageView);
        body.put("key_count", project.map(p -> keys.liveCount(p.id)).orElse(1L));
        return body;
    }

    /** A project id of the control plane; configured keys name projects that are not stored. */
    private static Optional<UUID> stored(String projectId) {
        try {
            return Optional.of(UUID.fromString(projectId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
