package dev.eventlane.query.control.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.eventlane.platform.auth.ApiKeys;
import dev.eventlane.query.config.ControlConfig;
import dev.eventlane.query.control.model.Project;
import dev.eventlane.query.control.model.Webhook;
import dev.eventlane.query.control.model.WebhookRepository;

/**
 * A project's webhook endpoints: listed by members of its org, created and deleted by its owners. Webhooks come
 * with the plan (supporter and up, as LogLogic
 * has it): a project on a plan without them gets 402 {@code PLAN_UPGRADE_REQUIRED}. The signing secret
 * ({@code whsec_} and 48 characters) is shown once, when the endpoint is created. Every change commits with its
 * record for the stream-processors ({@link WebhookPublisher}, through the {@link ControlOutbox}).
 */
@ApplicationScoped
public class Webhooks {

    /** What an endpoint can receive: the alert kinds the stream-processors raise, and Logsh notifications. */
    public static final List<String> KINDS = List.of("churn_spike", "revenue_drop", "alert", "notify");
    static final int MAX_URL = 2048;

    private final Tenancy tenancy;
    private final WebhookRepository webhooks;
    private final Plans plans;
    private final WebhookPublisher publisher;
    private final ControlOutbox outbox;
    private final ControlConfig config;

    public Webhooks(Tenancy tenancy, WebhookRepository webhooks, Plans plans, WebhookPublisher publisher,
            ControlOutbox outbox, ControlConfig config) {
        this.tenancy = tenancy;
        this.outbox = outbox;
        this.config = config;
        this.webhooks = webhooks;
        this.plans = plans;
        this.publisher = publisher;
    }

    /** Churn above this many percent is a spike, unless the endpoint says otherwise (LogLogic's example). */
    static final double DEFAULT_CHURN_THRESHOLD = 40.0;
    /** An hour's revenue this many percent below its baseline is a drop, unless the endpoint says otherwise. */
    static final double DEFAULT_REVENUE_DROP = 30.0;

    /** What a caller asks for; {@code kinds} null means every kind, null thresholds the defaults. */
    public record Request(String url, List<String> kinds,
            @JsonProperty("churn_threshold_pct") Double churnThresholdPct,
            @JsonProperty("revenue_drop_pct") Double revenueDropPct) {
    }

    public record Created(Webhook webhook, String secret) {
    }

    @Transactional
    public Created create(UUID userId, String orgId, String projectId, Request request) {
        outbox.lock();
        Project project = tenancy.ownedProject(userId, orgId, projectId);
        if (!plans.of(project.plan).webhooks()) {
            throw new ControlException(402, "PLAN_UPGRADE_REQUIRED", "Webhooks come with the supporter plan and up;"
                    + " project " + project.slug + " is on " + project.plan);
        }
        // Counted under the outbox lock, which every create holds: two at once cannot both take the last place.
        if (webhooks.liveCount(project.id) >= config.maxWebhooksPerProject()) {
            throw new ControlException(409, "WEBHOOK_LIMIT_REACHED", "A project has at most "
                    + config.maxWebhooksPerProject() + " webhook endpoints; delete one first");
        }
        Webhook created = new Webhook();
        created.id = UUID.randomUUID();
        created.projectId = project.id;
        created.url = url(request.url());
        created.kinds = String.join(",", kinds(request.kinds()));
        created.churnThresholdPct = percent("churn_threshold_pct", request.churnThresholdPct(),
                DEFAULT_CHURN_THRESHOLD);
        created.revenueDropPct = percent("revenue_drop_pct", request.revenueDropPct(), DEFAULT_REVENUE_DROP);
        // 48 letters and digits are also valid base64: Standard Webhooks libraries take the secret as it is.
        created.secret = ApiKeys.random("whsec_", ApiKeys.RANDOM_CHARS);
        created.createdAt = Instant.now();
        webhooks.persistAndFlush(created);
        publisher.publish(project, created);
        return new Created(created, created.secret);
    }

    public List<Webhook> list(UUID userId, String orgId, String projectId) {
        return webhooks.liveOfProject(tenancy.project(userId, orgId, projectId).id);
    }

    /** One endpoint of the project, deleted ones included. */
    public Webhook find(UUID userId, String orgId, String projectId, String webhookId) {
        Project project = tenancy.project(userId, orgId, projectId);
        return webhooks.ofProject(project.id, Validate.id("webhook", webhookId))
                .orElseThrow(() -> ControlException.notFound("webhook"));
    }

    /** Deletes the endpoint: nothing more is delivered to it. Deleting twice is harmless. */
    @Transactional
    public Webhook delete(UUID userId, String orgId, String projectId, String webhookId) {
        outbox.lock();
        Project project = tenancy.ownedProject(userId, orgId, projectId);
        Webhook webhook = webhooks.ofProject(project.id, Validate.id("webhook", webhookId))
                .orElseThrow(() -> ControlException.notFound("webhook"));
        if (webhook.deletedAt == null) {
            webhook.deletedAt = Instant.now();
            webhooks.flush();
            publisher.publish(project, webhook);
        }
        return webhook;
    }

    /** An absolute http(s) URL with a host, at most 2048 characters. */
    static String url(String url) {
        if (url == null || url.isBlank()) {
            throw ControlException.validation("url is required");
        }
        if (url.length() > MAX_URL) {
            throw ControlException.validation("url must be at most " + MAX_URL + " characters");
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                throw ControlException.validation("url must be an absolute http or https URL");
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw ControlException.validation("url is not a valid URL: " + e.getReason());
        }
    }

    /** A percentage in (0, 100]; {@code fallback} when not given. */
    static double percent(String field, Double value, double fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNaN() || value <= 0 || value > 100) {
            throw ControlException.validation(field + " must be a percentage above 0 and at most 100");
        }
        return value;
    }

    private static List<String> kinds(List<String> requested) {
        if (requested == null) {
            return KINDS;
        }
        Set<String> kinds = new LinkedHashSet<>();
        for (String kind : requested) {
            if (!KINDS.contains(kind)) {
                throw ControlException.validation("kinds may hold " + String.join(", ", KINDS) + "; not " + kind);
            }
            kinds.add(kind);
        }
        if (kinds.isEmpty()) {
            throw ControlException.validation("kinds must name at least one kind");
        }
        return List.copyOf(kinds);
    }
}
