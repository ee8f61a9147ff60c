package dev.eventlane.query.analytics.rest;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.eventlane.query.analytics.service.RetentionInterval;
import dev.eventlane.query.analytics.service.RetentionReport;
import dev.eventlane.query.analytics.service.TimeRange;
import dev.eventlane.query.analytics.service.UserDayRepository;
import dev.eventlane.query.security.ApiKeyAuthMechanism;
import dev.eventlane.query.security.ApiKeyCaller;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.common.annotation.Blocking;

/** {@code GET /retention}: cohorts of users by their first active day or week, and who came back after. */
@HttpAuthenticationMechanism(ApiKeyAuthMechanism.SCHEME)
@PermitAll
@Path("/retention")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RetentionResource {

    static final int MAX_PERIODS = 365;

    private final ApiKeyCaller caller;
    private final UserDayRepository userDays;
    private final Clock clock;

    public RetentionResource(ApiKeyCaller caller, UserDayRepository userDays, Clock clock) {
        this.caller = caller;
        this.userDays = userDays;
        this.clock = clock;
    }

    @GET
    public RetentionReport report(@QueryParam("interval") String interval, @QueryParam("periods") String periods,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("range") String range) {
        String projectId = caller.projectOf();
        RetentionInterval by = RetentionInterval.parse(interval);
        int count = Params.whole("periods", periods, 1, MAX_PERIODS, by.defaultPeriods());
        TimeRange parsed = TimeRange.parse(from, to, range);
        Instant now = clock.instant();
        TimeRange.Days cohorts = parsed.days(now, () -> userDays.firstActiveDay(projectId));
        return RetentionReport.of(by, userDays.retention(projectId, by, cohorts, count),
                LocalDate.ofInstant(now, ZoneOffset.UTC));
    }
}
