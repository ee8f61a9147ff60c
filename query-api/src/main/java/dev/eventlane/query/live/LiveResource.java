package dev.eventlane.query.live;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.ResponseHeader;

import dev.eventlane.query.control.rest.SignedIn;
import dev.eventlane.query.control.service.Tenancy;
import dev.eventlane.query.control.service.Tokens;

/**
 * The live feed of a project for a member of its org: {@code GET /api/orgs/{org}/projects/{project}/live} streams
 * each new event as a server-sent event named {@code event} (JSON data), optionally only those of one action,
 * user, funnel or source; a {@code ping} event every 15 s keeps proxies from closing a quiet stream.
 */
@Path("/api/orgs/{org}/projects/{project}/live")
@RolesAllowed(Tokens.USER)
public class LiveResource {

    /** Well under the front door's 60 s read timeout. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Tenancy tenancy;
    private final SecurityIdentity identity;
    private final LiveFeed feed;

    public LiveResource(Tenancy tenancy, SecurityIdentity identity, LiveFeed feed) {
        this.tenancy = tenancy;
        this.identity = identity;
        this.feed = feed;
    }

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    // nginx would otherwise buffer the stream and hold events back.
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @ResponseHeader(name = "Cache-Control", value = "no-cache")
    @Operation(summary = "The project's new events as server-sent events",
            description = "Each event the de-duplication stage commits from now on, within about a second of ingest,"
                    + " as an SSE event named `event` with the event's JSON (the fields of GET /events); `ping` every"
                    + " 15 s. A client more than 512 events behind is disconnected. Filters: action, user_id, funnel,"
                    + " source (exact).")
    @APIResponse(responseCode = "200", description = "The stream; each `event` carries one event's JSON",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @Schema(implementation = LiveEvent.class)))
    public Multi<OutboundSseEvent> live(@PathParam("org") String org, @PathParam("project") String project,
            @QueryParam("action") String action, @QueryParam("user_id") String userId,
            @QueryParam("funnel") String funnel, @QueryParam("source") String source, @Context Sse sse) {
        LiveFilter filter = LiveFilter.of(action, userId, funnel, source);
        String projectId = tenancy.project(SignedIn.user(identity), org, project).id.toString();
        AtomicBoolean ended = new AtomicBoolean();
        Multi<OutboundSseEvent> events = feed.subscribe(projectId, filter)
                .map(e -> sse.newEventBuilder().name("event").id(e.eventId())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(LiveEvent.class, e).build())
                .onTermination().invoke(() -> ended.set(true));
        Multi<OutboundSseEvent> pings = Multi.createFrom().ticks().every(KEEP_ALIVE)
                .select().first(tick -> !ended.get())
                .map(tick -> sse.newEventBuilder().name("ping").data("{}").build());
        return Multi.createBy().merging().streams(events, pings);
    }
}
