package dev.eventlane.query.analytics.rest;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.eventlane.query.analytics.service.ApiException;
import dev.eventlane.query.analytics.service.LogRepository;
import dev.eventlane.query.analytics.service.TimeRange;
import dev.eventlane.query.security.ApiKeyAuthMechanism;
import dev.eventlane.query.security.ApiKeyCaller;
import dev.eventlane.query.security.ApiKeyRefusedException;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /v1/logs?node&loglevel&severity&q&from&to&limit}: a project's log entries, newest first, in LogFlux's
 * envelope; {@code q} finds plain messages containing the text (case-insensitive).
 * Encrypted entries come back sealed, exactly as sent, for a client holding the secret to decrypt. Needs a key
 * with {@code data:read}; errors in LogFlux's body.
 */
@HttpAuthenticationMechanism(ApiKeyAuthMechanism.SCHEME)
@PermitAll
@Path("/v1/logs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class LogsResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final ApiKeyCaller caller;
    private final LogRepository logs;

    public LogsResource(ApiKeyCaller caller, LogRepository logs) {
        this.caller = caller;
        this.logs = logs;
    }

    @GET
    @APIResponse(responseCode = "200", description = "The project's log entries, newest first",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "LogList")))
    public Response list(@QueryParam("node") String node, @QueryParam("loglevel") String loglevel,
            @QueryParam("severity") String severity, @QueryParam("q") String text, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") String limit) {
        String requestId = requestId();
        try {
            String projectId = caller.projectOf();
            Integer level = loglevel == null || loglevel.isBlank() ? null : Params.whole("loglevel", loglevel, 1, 8, 0);
            List<LogRepository.StoredLog> found = logs.find(projectId, new LogRepository.LogFilter(
                    Params.blankToNull(node), level, Params.blankToNull(severity), Params.blankToNull(text),
                    TimeRange.instant("from", from), TimeRange.instant("to", to),
                    Params.whole("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "success");
            body.put("logs", found);
            body.put("count", found.size());
            body.put("request_id", requestId);
            return Response.ok(body).header("X-Request-Id", requestId).build();
        } catch (ApiKeyRefusedException e) {
            return failure(e.refusal().status(), e.refusal().message(), e.refusal().code(), requestId);
        } catch (ApiException e) {
            return failure(e.status(), e.getMessage(), e.code(), requestId);
        }
    }

    /** LogFlux's error body: its own codes, the reason in {@code details}. */
    private static Response failure(int status, String message, String details, String requestId) {
        String code = switch (status) {
            case 401 -> "INVALID_API_KEY";
            case 403 -> "FORBIDDEN";
            case 400 -> "INVALID_REQUEST";
            default -> "SERVICE_UNAVAILABLE";
        };
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("details", details);
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("status", "error", "error", error, "request_id", requestId))
                .header("X-Request-Id", requestId).build();
    }

    private static String requestId() {
        byte[] random = new byte[8];
        ThreadLocalRandom.current().nextBytes(random);
        return "req_" + HexFormat.of().formatHex(random);
    }
}
