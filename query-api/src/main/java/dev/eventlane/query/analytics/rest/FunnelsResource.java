package dev.eventlane.query.analytics.rest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import dev.eventlane.query.analytics.service.ApiException;
import dev.eventlane.query.analytics.service.FunnelReport;
import dev.eventlane.query.analytics.service.FunnelRepository;
import dev.eventlane.query.analytics.service.FunnelSummary;
import dev.eventlane.query.analytics.service.TimeRange;
import dev.eventlane.query.security.ApiKeyAuthMechanism;
import dev.eventlane.query.security.ApiKeyCaller;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.common.annotation.Blocking;

/** {@code GET /funnels} (every funnel with its steps) and {@code GET /funnel} (users per step of one funnel, or of every funnel). */
@HttpAuthenticationMechanism(ApiKeyAuthMechanism.SCHEME)
@PermitAll
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class FunnelsResource {

    /** Steps count when the last one follows the first within this time, unless {@code window} says otherwise. */
    static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    /** Longer windows mean nothing on event times since 1970; the cap keeps every window exact in milliseconds. */
    static final Duration MAX_WINDOW = Duration.ofDays(36_525);
    /** Says where the numbers of a {@code /funnel} answer came from: precomputed user levels, or the events. */
    static final String SOURCE_HEADER = "X-Eventlane-Funnel-Source";
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,12})([smhdw]?)");

    private final ApiKeyCaller caller;
    private final FunnelRepository funnels;
    private final Clock clock;

    public FunnelsResource(ApiKeyCaller caller, FunnelRepository funnels, Clock clock) {
        this.caller = caller;
        this.funnels = funnels;
        this.clock = clock;
    }

    record Funnels(List<FunnelSummary> funnels) {
    }

    @GET
    @Path("funnels")
    public Funnels list() {
        String projectId = caller.projectOf();
        return new Funnels(funnels.catalog(projectId).entrySet().stream()
                .map(funnel -> new FunnelSummary(funnel.getKey(), funnel.getValue())).toList());
    }

    /** Every funnel's report, when {@code GET /funnel} names no funnel; funnels by name as in {@code /funnels}. */
    record Reports(List<FunnelReport> funnels) {
    }

    @GET
    @Path("funnel")
    public RestResponse<?> report(@QueryParam("funnel") String funnel, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("range") String range, @QueryParam("window") String window) {
        String projectId = caller.projectOf();
        TimeRange.Instants instants = TimeRange.parse(from, to, range).instants(clock.instant());
        Duration within = window(window);
        if (funnel == null || funnel.isEmpty()) {
            return everyFunnel(projectId, instants, within);
        }
        List<String> steps = funnels.steps(projectId, funnel);
        if (steps.isEmpty()) {
            throw new ApiException(404, "funnel_not_found", "No funnel named " + funnel + " in this project");
        }
        Optional<long[]> fromLevels = funnels.usersReachingFromLevels(projectId, funnel, steps, instants,
                within.toMillis());
        long[] users = fromLevels.orElseGet(
                () -> funnels.usersReaching(projectId, funnel, steps, instants, within.toMillis()));
        return RestResponse.ResponseBuilder.ok(FunnelReport.of(funnel, within.toSeconds(), steps, users))
                .header(SOURCE_HEADER, fromLevels.isPresent() ? "levels" : "events").build();
    }

    /**
     * LogLogic's "get funnel metrics" without a parameter: one report per funnel of the project, each exactly what
     * {@code /funnel?funnel=NAME} answers for the same range and window.
     */
    private RestResponse<Reports> everyFunnel(String projectId, TimeRange.Instants instants, Duration within) {
        List<FunnelReport> reports = new ArrayList<>();
        Set<String> sources = new TreeSet<>();
        for (Map.Entry<String, List<String>> funnel : funnels.catalog(projectId).entrySet()) {
            List<String> steps = funnel.getValue();
            Optional<long[]> fromLevels = funnels.usersReachingFromLevels(projectId, funnel.getKey(), steps,
                    instants, within.toMillis());
            long[] users = fromLevels.orElseGet(() -> funnels.usersReaching(projectId, funnel.getKey(), steps,
                    instants, within.toMillis()));
            sources.add(fromLevels.isPresent() ? "levels" : "events");
            reports.add(FunnelReport.of(funnel.getKey(), within.toSeconds(), steps, users));
        }
        return RestResponse.ResponseBuilder.ok(new Reports(reports))
                .header(SOURCE_HEADER, sources.isEmpty() ? "events" : String.join(",", sources)).build();
    }

    /** {@code 30m}, {@code 24h}, {@code 7d}, {@code 2w} or seconds ({@code 90}, {@code 90s}). */
    static Duration window(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_WINDOW;
        }
        Matcher matcher = WINDOW.matcher(text.strip());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            Duration window = switch (matcher.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                case "w" -> Duration.ofDays(amount * 7);
                default -> Duration.ofSeconds(amount);
            };
            if (window.compareTo(MAX_WINDOW) <= 0) {
                return window;
            }
        }
        throw ApiException.badParameter("window must be a duration like 30m, 24h, 7d or 2w, or seconds, at most "
                + MAX_WINDOW.toDays() + " days");
    }
}
