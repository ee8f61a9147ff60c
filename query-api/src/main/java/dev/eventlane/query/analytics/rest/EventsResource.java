package dev.eventlane.query.analytics.rest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import dev.eventlane.query.analytics.service.Cursor;
import dev.eventlane.query.analytics.service.EventFilter;
import dev.eventlane.query.analytics.service.EventRepository;
import dev.eventlane.query.analytics.service.InferredSessions;
import dev.eventlane.query.analytics.service.StoredEvent;
import dev.eventlane.query.analytics.service.TimeRange;
import dev.eventlane.query.operations.UserErasure;
import dev.eventlane.query.security.ApiKeyAuthMechanism;
import dev.eventlane.query.security.ApiKeyCaller;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.common.annotation.Blocking;

/**
 * LogLogic's {@code GET /events} (newest first, filters, cursor pages) and {@code DELETE /events} (every event of
 * the key's project, or of one user with {@code user_id}). The project always comes from the API key. Events sent without a session show the id of the
 * session the analytics inferred for them.
 */
@HttpAuthenticationMechanism(ApiKeyAuthMechanism.SCHEME)
@PermitAll
@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class EventsResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final ApiKeyCaller caller;
    private final EventRepository events;
    private final InferredSessions inferredSessions;
    private final UserErasure erasure;

    public EventsResource(ApiKeyCaller caller, EventRepository events,
            InferredSessions inferredSessions, UserErasure erasure) {
        this.caller = caller;
        this.events = events;
        this.inferredSessions = inferredSessions;
        this.erasure = erasure;
    }

    @GET
    public Map<String, Object> list(@QueryParam("action") String action, @QueryParam("user_id") String userId,
            @QueryParam("funnel") String funnel, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        String projectId = caller.projectOf();
        int pageSize = Params.whole("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
        EventFilter filter = new EventFilter(Params.blankToNull(action), Params.blankToNull(userId),
                Params.blankToNull(funnel), TimeRange.instant("from", from), TimeRange.instant("to", to), pageSize,
                cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor));
        List<StoredEvent> found = events.find(projectId, filter);
        boolean more = found.size() > pageSize;
        List<StoredEvent> page = inferredSessions.fill(projectId, more ? found.subList(0, pageSize) : found);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", true);
        body.put("events", page);
        body.put("count", page.size());
        body.put("next_cursor", more ? cursorAfter(page.get(page.size() - 1)) : null);
        return body;
    }

    /**
     * Without {@code user_id}: every event of the project. With it: that user's events and everything derived from
     * them, and what the analytics remember of the user (GDPR erasure). Answers when the deletion is done.
     */
    @DELETE
    public Map<String, Object> delete(@QueryParam("user_id") String userId, @Context UriInfo uri) {
        String projectId = caller.projectToDelete();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", true);
        // Present but empty is a mistake, never a request to delete the whole project.
        if (!uri.getQueryParameters().containsKey("user_id")) {
            body.put("deleted", events.deleteAll(projectId));
        } else {
            String user = Params.id("user_id", userId);
            body.put("deleted", erasure.erase(projectId, user));
            body.put("user_id", user);
        }
        body.put("done", true);
        return body;
    }

    private static String cursorAfter(StoredEvent last) {
        return new Cursor(Instant.parse(last.timestamp()).toEpochMilli(), last.eventId()).encode();
    }
}
