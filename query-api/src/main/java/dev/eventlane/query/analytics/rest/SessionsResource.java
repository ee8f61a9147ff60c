package dev.eventlane.query.analytics.rest;

import java.time.Clock;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.eventlane.query.analytics.service.Session;
import dev.eventlane.query.analytics.service.SessionRepository;
import dev.eventlane.query.analytics.service.TimeRange;
import dev.eventlane.query.security.ApiKeyAuthMechanism;
import dev.eventlane.query.security.ApiKeyCaller;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.common.annotation.Blocking;

/** {@code GET /sessions}: the sessions of the key's project that start in the range, newest first. */
@HttpAuthenticationMechanism(ApiKeyAuthMechanism.SCHEME)
@PermitAll
@Path("/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class SessionsResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final ApiKeyCaller caller;
    private final SessionRepository sessions;
    private final Clock clock;

    public SessionsResource(ApiKeyCaller caller, SessionRepository sessions, Clock clock) {
        this.caller = caller;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** @param count every session in range, beyond the page too */
    record Page(List<Session> sessions, long count) {
    }

    @GET
    public Page list(@QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("range") String range, @QueryParam("user_id") String userId,
            @QueryParam("limit") String limit) {
        String projectId = caller.projectOf();
        TimeRange.Instants instants = TimeRange.parse(from, to, range).instants(clock.instant());
        int pageSize = Params.whole("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
        String user = Params.blankToNull(userId);
        return new Page(sessions.find(projectId, instants, user, pageSize), sessions.count(projectId, instants, user));
    }
}
