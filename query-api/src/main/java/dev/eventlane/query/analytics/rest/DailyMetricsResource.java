package dev.eventlane.query.analytics.rest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.eventlane.query.analytics.service.PurchaseRepository;
import dev.eventlane.query.analytics.service.TimeRange;
import dev.eventlane.query.analytics.service.UserDayRepository;
import dev.eventlane.query.security.ApiKeyAuthMechanism;
import dev.eventlane.query.security.ApiKeyCaller;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.common.annotation.Blocking;

/** {@code GET /dau} and {@code GET /revenue}: one entry per UTC day of the range, zeros included, oldest first. */
@HttpAuthenticationMechanism(ApiKeyAuthMechanism.SCHEME)
@PermitAll
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DailyMetricsResource {

    private static final BigDecimal NO_REVENUE = BigDecimal.ZERO.setScale(2);

    private final ApiKeyCaller caller;
    private final UserDayRepository userDays;
    private final PurchaseRepository purchases;
    private final Clock clock;

    public DailyMetricsResource(ApiKeyCaller caller, UserDayRepository userDays,
            PurchaseRepository purchases, Clock clock) {
        this.caller = caller;
        this.userDays = userDays;
        this.purchases = purchases;
        this.clock = clock;
    }

    record Days<T>(List<T> days) {
    }

    record DayUsers(String day, long users) {
    }

    /** @param revenue rounded half-up to cents, always with two decimals */
    record DayRevenue(String day, BigDecimal revenue, long purchases) {
    }

    @GET
    @Path("dau")
    public Days<DayUsers> dau(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("range") String range) {
        String projectId = caller.projectOf();
        TimeRange.Days days = days(projectId, from, to, range);
        Map<LocalDate, Long> users = userDays.activeUsers(projectId, days);
        return new Days<>(days.stream().map(day -> new DayUsers(day.toString(), users.getOrDefault(day, 0L)))
                .toList());
    }

    @GET
    @Path("revenue")
    public Days<DayRevenue> revenue(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("range") String range) {
        String projectId = caller.projectOf();
        TimeRange.Days days = days(projectId, from, to, range);
        Map<LocalDate, PurchaseRepository.DayTotal> totals = purchases.daily(projectId, days);
        return new Days<>(days.stream().map(day -> dayRevenue(day, totals.get(day))).toList());
    }

    private static DayRevenue dayRevenue(LocalDate day, PurchaseRepository.DayTotal total) {
        return total == null ? new DayRevenue(day.toString(), NO_REVENUE, 0)
                : new DayRevenue(day.toString(), total.revenue().setScale(2, RoundingMode.HALF_UP), total.purchases());
    }

    private TimeRange.Days days(String projectId, String from, String to, String range) {
        return TimeRange.parse(from, to, range).days(clock.instant(), () -> userDays.firstActiveDay(projectId));
    }
}
