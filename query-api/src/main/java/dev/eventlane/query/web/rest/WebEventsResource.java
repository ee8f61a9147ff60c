package dev.eventlane.query.web.rest;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;

import dev.eventlane.query.analytics.service.ApiException;
import dev.eventlane.query.control.service.Tokens;
import dev.eventlane.query.web.service.WebFilter;
import dev.eventlane.query.web.service.WebProjects;
import dev.eventlane.query.web.service.WebQueries;
import dev.eventlane.query.web.service.WebQueries.Top;
import dev.eventlane.query.web.service.WebRange;
import dev.eventlane.query.web.service.WebViews;
import dev.eventlane.query.web.service.WebVisitors;

/**
 * Loguro's web analytics read API ({@code /api/web-events/:projectSlug/...}), for personal access tokens (and
 * dashboard sessions) of a member of the project's org. Parameters, definitions and shapes: docs/web.md.
 */
@Path("/api/web-events/{projectSlug}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Tokens.USER)
@Blocking
public class WebEventsResource {

    static final int LIST_LIMIT = 100;
    static final int LIST_MAX = 1000;
    static final int TOP_LIMIT = 10;
    static final int TOP_MAX = 100;
    static final int LOCATIONS_LIMIT = 100;
    static final int LOCATIONS_MAX = 1000;
    static final int FLOWS_LIMIT = 25;
    static final int FLOWS_MAX = 300;
    static final int RECENT_LIMIT = 100;
    static final int RECENT_MAX = 500;
    static final int SESSIONS_LIMIT = 50;
    static final int SESSIONS_MAX = 200;

    private final SecurityIdentity identity;
    private final WebProjects projects;
    private final WebQueries queries;
    private final WebVisitors visitors;
    private final Clock clock;

    public WebEventsResource(SecurityIdentity identity, WebProjects projects, WebQueries queries,
            WebVisitors visitors, Clock clock) {
        this.identity = identity;
        this.projects = projects;
        this.queries = queries;
        this.visitors = visitors;
        this.clock = clock;
    }

    /** The common parameters of a request, validated. */
    private record Request(String projectId, WebRange range, WebFilter filter, boolean compare) {
    }

    private Request request(String slug, String range, String from, String to, String filter, String compare) {
        String projectId = projectId(slug);
        WebFilter parsed = WebFilter.parse(filter);
        WebRange window = WebRange.parse(range, from, to, clock.instant(),
                "all".equals(range) ? queries.firstEvent(projectId) : null);
        return new Request(projectId, window, parsed, "1".equals(compare) || "true".equals(compare));
    }

    private String projectId(String slug) {
        UUID user;
        try {
            user = UUID.fromString(identity.getPrincipal().getName());
        } catch (IllegalArgumentException e) {
            throw new ApiException(401, "unauthorized", "The token does not name a user");
        }
        return projects.projectId(user, slug);
    }

    @GET
    public WebViews.Events list(@PathParam("projectSlug") String slug, @QueryParam("range") String range,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("filter") String filter,
            @QueryParam("limit") String limit) {
        Request r = request(slug, range, from, to, filter, null);
        List<WebViews.Event> items = queries.list(r.projectId, r.range, r.filter, limit(limit, LIST_LIMIT, LIST_MAX));
        return new WebViews.Events(items, items.size());
    }

    @GET
    @Path("/count")
    public WebViews.Count count(@PathParam("projectSlug") String slug, @QueryParam("range") String range,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("filter") String filter) {
        Request r = request(slug, range, from, to, filter, null);
        return new WebViews.Count(queries.count(r.projectId, r.range, r.filter));
    }

    @GET
    @Path("/kpis")
    public WebViews.KpisAnswer kpis(@PathParam("projectSlug") String slug, @QueryParam("range") String range,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("filter") String filter) {
        Request r = request(slug, range, from, to, filter, null);
        Long first = queries.firstEvent(r.projectId);
        WebRange previous = r.range.previous();
        boolean hasPrevious = first != null && previous.from() >= first;
        return new WebViews.KpisAnswer(queries.kpis(r.projectId, r.range, r.filter),
                queries.kpis(r.projectId, previous, r.filter), rangeView(r.range, hasPrevious));
    }

    static WebViews.RangeView rangeView(WebRange range, boolean hasPrevious) {
        return new WebViews.RangeView(range.chip(), iso(range.from()), iso(range.to()), range.bucket().label(),
                hasPrevious);
    }

    private static String iso(long ms) {
        return WebViews.iso(ms);
    }

    @GET
    @Path("/timeseries")
    public WebViews.Timeseries timeseries(@PathParam("projectSlug") String slug, @QueryParam("range") String range,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("filter") String filter,
            @QueryParam("compare") String compare) {
        Request r = request(slug, range, from, to, filter, compare);
        return new WebViews.Timeseries(queries.timeseries(r.projectId, r.range, r.filter, r.compare),
                r.range.bucket().label());
    }

    @GET
    @Path("/top-pages")
    public Map<String, Object> topPages(@PathParam("projectSlug") String slug, @QueryParam("range") String range,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("filter") String filter,
            @QueryParam("limit") String limit, @QueryParam("compare") String compare) {
        return top(Top.PAGES, slug, range, from, to, filter, limit, compare);
    }

    @GET
    @Path("/top-referrers")
    public Map<String, Object> topReferrers(@PathParam("projectSlug") String slug, @QueryParam("range") String range,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("filter") String filter,
            @QueryParam("limit") String limit, @QueryParam("compare") String compare) {
        return top(Top.REFERRERS, slug, range, from, to, filter, limit, compare);
    }

    @GET
    @Path("/top-countries")
    public Map<String, Object> topCountries(@PathParam("projectSlug") String slug, @QueryParam("range") String range,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("filter") String filter,
            @QueryParam("limit") String limit, @QueryParam("compare") String compare) {
        return top(Top.COUNTRIES, slug, range, from, to, filter, limit, compare);
    }

    @GET
    @Path("/top-browsers")
    public Map<String, Object> topBrowsers(@PathParam("projectSlug") String slug, @QueryParam("range") String range,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("filter") String filter,
            @QueryParam("limit") String limit, @QueryParam("compare") String compare) {
        return top(Top.BROWSERS, slug, range, from, to, filter, limit, compare);
    }

    @GET
    @Path("/top-os")
    public Map<String, Object> topOs(@PathParam("projectSlug") String slug, @QueryParam("range") String range,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("filter") String filter,
            @QueryParam("limit") String limit, @QueryParam("compare") String compare) {
        return top(Top.OS, slug, range, from, to, filter, limit, compare);
    }

    @GET
    @Path("/top-devices")
    public Map<String, Object> topDevices(@PathParam("projectSlug") String slug, @QueryParam("range") String range,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("filter") String filter,
            @QueryParam("limit") String limit, @QueryParam("compare") String compare) {
        return top(Top.DEVICES, slug, range, from, to, filter, limit, compare);
    }

    private Map<String, Object> top(Top top, String slug, String range, String from, String to, String filter,
            String limit, String compare) {
        Request r = request(slug, range, from, to, filter, compare);
        return Map.of("items", queries.top(r.projectId, top, r.range, r.filter, limit(limit, TOP_LIMIT, TOP_MAX),
                r.compare));
    }

    @GET
    @Path("/top-locations")
    public Map<String, Object> topLocations(@PathParam("projectSlug") String slug, @QueryParam("range") String range,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("filter") String filter,
            @QueryParam("limit") String limit) {
        Request r = request(slug, range, from, to, filter, null);
        return Map.of("items", queries.locations(r.projectId, r.range, r.filter,
                limit(limit, LOCATIONS_LIMIT, LOCATIONS_MAX)));
    }

    @GET
    @Path("/top-entry-pages")
    public Map<String, Object> topEntryPages(@PathParam("projectSlug") String slug,
            @QueryParam("range") String range, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("filter") String filter, @QueryParam("limit") String limit,
            @QueryParam("compare") String compare) {
        Request r = request(slug, range, from, to, filter, compare);
        return Map.of("items", queries.sessionPages(r.projectId, r.range, r.filter, true,
                limit(limit, TOP_LIMIT, TOP_MAX), r.compare));
    }

    @GET
    @Path("/top-exit-pages")
    public Map<String, Object> topExitPages(@PathParam("projectSlug") String slug, @QueryParam("range") String range,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("filter") String filter,
            @QueryParam("limit") String limit, @QueryParam("compare") String compare) {
        Request r = request(slug, range, from, to, filter, compare);
        return Map.of("items", queries.sessionPages(r.projectId, r.range, r.filter, false,
                limit(limit, TOP_LIMIT, TOP_MAX), r.compare));
    }

    @GET
    @Path("/top-flows")
    public Map<String, Object> topFlows(@PathParam("projectSlug") String slug, @QueryParam("range") String range,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("filter") String filter,
            @QueryParam("limit") String limit, @QueryParam("depth") String depth) {
        Request r = request(slug, range, from, to, filter, null);
        int steps = whole("depth", depth, 2, 5, 3);
        return Map.of("items", queries.flows(r.projectId, r.range, r.filter, steps,
                limit(limit, FLOWS_LIMIT, FLOWS_MAX)), "depth", steps);
    }

    @GET
    @Path("/custom-events")
    public WebViews.CustomEvents customEvents(@PathParam("projectSlug") String slug,
            @QueryParam("range") String range, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("filter") String filter, @QueryParam("limit") String limit) {
        Request r = request(slug, range, from, to, filter, null);
        return queries.customEvents(r.projectId, r.range, r.filter, limit(limit, TOP_LIMIT, TOP_MAX));
    }

    @GET
    @Path("/recent-events")
    public WebViews.Events recentEvents(@PathParam("projectSlug") String slug,
            @QueryParam("windowMs") String windowMs, @QueryParam("filter") String filter,
            @QueryParam("limit") String limit) {
        String projectId = projectId(slug);
        WebFilter parsed = WebFilter.parse(filter);
        long now = clock.millis();
        int window = whole("windowMs", windowMs, 60_000, 3_600_000, 300_000);
        WebRange range = new WebRange("window", now - window, now + 1, WebRange.Bucket.HOUR);
        List<WebViews.Event> items = queries.list(projectId, range, parsed, limit(limit, RECENT_LIMIT, RECENT_MAX));
        return new WebViews.Events(items, items.size());
    }

    @GET
    @Path("/visitor/{visitorId}")
    public WebViews.Visitor visitor(@PathParam("projectSlug") String slug,
            @PathParam("visitorId") String visitorId) {
        String projectId = projectId(slug);
        return visitors.visitor(projectId, WebProjects.visitorId(visitorId))
                .orElseThrow(() -> new ApiException(404, "visitor_not_found", "No events of this visitor"));
    }

    @GET
    @Path("/visitor/{visitorId}/sessions")
    public WebViews.VisitorSessions visitorSessions(@PathParam("projectSlug") String slug,
            @PathParam("visitorId") String visitorId, @QueryParam("limit") String limit) {
        String projectId = projectId(slug);
        return new WebViews.VisitorSessions(visitors.sessions(projectId, WebProjects.visitorId(visitorId),
                limit(limit, SESSIONS_LIMIT, SESSIONS_MAX)));
    }

    /** A row limit: absent is the default, above the cap is the cap, anything else but a positive number a 400. */
    static int limit(String text, int fallback, int cap) {
        return Math.min(cap, whole("limit", text, 1, Integer.MAX_VALUE, fallback));
    }

    static int whole(String name, String text, int min, int max, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String digits = text.strip();
        if (digits.length() <= 10 && digits.chars().allMatch(Character::isDigit)) {
            long value = Long.parseLong(digits);
            if (value >= min && value <= max) {
                return (int) value;
            }
        }
        throw ApiException.badParameter(name + " must be a whole number from " + min + " to " + max);
    }
}
