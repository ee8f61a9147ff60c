package dev.eventlane.query.control.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.security.identity.SecurityIdentity;

import dev.eventlane.platform.webhooks.TestDeliveries;
import dev.eventlane.query.control.model.Webhook;
import dev.eventlane.query.control.service.ControlException;
import dev.eventlane.query.control.service.DeliveryLog;
import dev.eventlane.query.control.service.Tokens;
import dev.eventlane.query.control.service.WebhookTests;
import dev.eventlane.query.control.service.Webhooks;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A project's webhook endpoints: created (the signing secret shown once), listed, deleted; their delivery logs. */
@Path("/api/orgs/{org}/projects/{project}/webhooks")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Tokens.USER)
public class WebhooksResource {

    private static final int MAX_LOG = 1000;

    private final Webhooks webhooks;
    private final WebhookTests tests;
    private final DeliveryLog log;
    private final SecurityIdentity identity;

    public WebhooksResource(Webhooks webhooks, WebhookTests tests, DeliveryLog log, SecurityIdentity identity) {
        this.webhooks = webhooks;
        this.tests = tests;
        this.log = log;
        this.identity = identity;
    }

    @POST
    @APIResponse(responseCode = "201", description = "The endpoint, with its signing secret shown once",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = View.class)))
    public Response create(@PathParam("org") String org, @PathParam("project") String project,
            Webhooks.Request body) {
        Webhooks.Created created = webhooks.create(SignedIn.user(identity), org, project,
                AuthResource.required(body));
        return Response.status(201).entity(View.of(created.webhook(), created.secret())).build();
    }

    @GET
    public Map<String, Object> list(@PathParam("org") String org, @PathParam("project") String project) {
        return Map.of("webhooks", webhooks.list(SignedIn.user(identity), org, project).stream()
                .map(webhook -> View.of(webhook, null)).toList());
    }

    @DELETE
    @Path("/{webhook}")
    public View delete(@PathParam("org") String org, @PathParam("project") String project,
            @PathParam("webhook") String webhook) {
        return View.of(webhooks.delete(SignedIn.user(identity), org, project, webhook), null);
    }

    /**
     * Sends the endpoint a signed test payload through the same dispatcher as alerts (owners only); it shows in the
     * delivery log with kind {@code test} and is not stored as an alert that fired.
     */
    @POST
    @Path("/{webhook}/test")
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "202", description = "The test delivery is on its way",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TestSent.class)))
    public Response test(@PathParam("org") String org, @PathParam("project") String project,
            @PathParam("webhook") String webhook) {
        WebhookTests.Sent sent = tests.send(SignedIn.user(identity), org, project, webhook);
        return Response.accepted(new TestSent(sent.webhookId(), TestDeliveries.KIND, sent.alertId(),
                sent.deliveryId(), sent.triggeredAt())).build();
    }

    /** A test delivery raised: find it in the delivery log by {@code alert_id}, at the receiver by its webhook-id. */
    @Schema(name = "WebhookTestSent")
    public record TestSent(@JsonProperty("webhook_id") String webhookId, String kind,
            @JsonProperty("alert_id") String alertId, @JsonProperty("delivery_id") String deliveryId,
            @JsonProperty("triggered_at") Instant triggeredAt) {
    }

    /** The endpoint's delivery log: its latest attempts, newest first ({@code limit} 1–1000, default 100). */
    @GET
    @Path("/{webhook}/deliveries")
    public Map<String, Object> deliveries(@PathParam("org") String org, @PathParam("project") String project,
            @PathParam("webhook") String webhook, @QueryParam("limit") @DefaultValue("100") String limit) {
        Webhook found = webhooks.find(SignedIn.user(identity), org, project, webhook);
        return Map.of("deliveries", log.recent(found.projectId.toString(), found.id.toString(), limit(limit)));
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LOG) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ControlException.validation("limit must be a whole number from 1 to " + MAX_LOG);
    }

    /** An endpoint as the API shows it; {@code secret} only in the answer that created it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Webhook")
    public record View(String id, String url, List<String> kinds,
            @JsonProperty("churn_threshold_pct") double churnThresholdPct,
            @JsonProperty("revenue_drop_pct") double revenueDropPct, String secret,
            @JsonProperty("created_at") Instant createdAt, @JsonProperty("deleted_at") Instant deletedAt) {

        static View of(Webhook webhook, String secret) {
            return new View(webhook.id.toString(), webhook.url, webhook.kindList(), webhook.churnThresholdPct,
                    webhook.revenueDropPct, secret, webhook.createdAt, webhook.deletedAt);
        }
    }
}
