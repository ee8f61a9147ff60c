package dev.eventlane.query.rest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.eventlane.query.service.ApiException;
import dev.eventlane.query.service.ApiKeyAuthenticator;
import dev.eventlane.query.service.Cursor;
import dev.eventlane.query.service.EventFilter;
import dev.eventlane.query.service.EventRepository;
import dev.eventlane.query.service.StoredEvent;
import io.smallrye.common.annotation.Blocking;

/**
 * LogLogic's {@code GET /events} (newest first, filters, cursor pages) and {@code DELETE /events} (every event of
 * the key's project). The project always comes from the API key.
 */
@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class EventsResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final ApiKeyAuthenticator authenticator;
    private final EventRepository events;

    public EventsResource(ApiKeyAuthenticator authenticator, EventRepository events) {
        this.authenticator = authenticator;
        this.events = events;
    }

    @GET
    public Map<String, Object> list(@HeaderParam("Authorization") String authorization,
            @QueryParam("action") String action, @QueryParam("user_id") String userId,
            @QueryParam("funnel") String funnel, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        String projectId = authenticator.projectOf(authorization);
        int pageSize = limit(limit);
        EventFilter filter = new EventFilter(blankToNull(action), blankToNull(userId), blankToNull(funnel),
                instant("from", from), instant("to", to), pageSize,
                cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor));
        List<StoredEvent> found = events.find(projectId, filter);
        boolean more = found.size() > pageSize;
        List<StoredEvent> page = more ? found.subList(0, pageSize) : found;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", true);
        body.put("events", page);
        body.put("count", page.size());
        body.put("next_cursor", more ? cursorAfter(page.get(page.size() - 1)) : null);
        return body;
    }

    @DELETE
    public Map<String, Object> deleteAll(@HeaderParam("Authorization") String authorization) {
        String projectId = authenticator.projectOf(authorization);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", true);
        body.put("deleted", events.deleteAll(projectId));
        return body;
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badParameter("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** ISO 8601 date-time (with zone; UTC when absent) or a plain date (its UTC midnight), as epoch millis. */
    static Long instant(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            return OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeException notOffset) {
            try {
                return java.time.LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeException notLocal) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                } catch (DateTimeException e) {
                    throw ApiException.badParameter(name + " must be an ISO 8601 date or date-time");
                }
            }
        }
    }

    private static String cursorAfter(StoredEvent last) {
        return new Cursor(Instant.parse(last.timestamp()).toEpochMilli(), last.eventId()).encode();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
