package dev.eventlane.ingest.logsh;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.eventlane.ingest.service.ApiKeyAuthenticator;
import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.ingest.service.Ingestion;
import dev.eventlane.ingest.service.KeyFirst;
import dev.eventlane.ingest.service.SurfaceRefusals;
import dev.eventlane.schemas.Event;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;

/**
 * Logsh's {@code POST /api/event}: one event into a workspace (created by using it). Errors carry Logsh's names:
 * {@code bad_request} (400), {@code unauthorized} (401), {@code rate_limit_exceeded} (429); the documented message,
 * and in {@code details} what exactly was wrong. Other refusals (quota 402, a body over 1 MiB 413, Kafka down 503)
 * keep Eventlane's code as their name.
 */
@Path("/api/event")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class LogshResource implements SurfaceRefusals.RefusingSurface {

    private static final Ingestion.Surface SURFACE = new Ingestion.Surface("logsh", LogshResource::errorBody);

    private final ApiKeyAuthenticator authenticator;
    private final Ingestion ingestion;
    private final LogshEventParser parser = new LogshEventParser();

    public LogshResource(ApiKeyAuthenticator authenticator, Ingestion ingestion) {
        this.authenticator = authenticator;
        this.ingestion = ingestion;
    }

    @Override
    public Response refuse(IngestException refusal) {
        return ingestion.reject(SURFACE, refusal, null);
    }

    @POST
    @NonBlocking
    @KeyFirst
    public CompletionStage<Response> event(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("User-Agent") String userAgent, @Context HttpServerRequest http) {
        return ingestion.respond(SURFACE, () -> authenticator.authorize(authorization), grant -> {
            Event event = parser.parse(ingestion.read(body), ingestion.context(grant, userAgent, http));
            return ingestion.publish(SURFACE, grant, List.of(event), 200, new Accepted(true, event.getEventId()));
        });
    }

    record Accepted(boolean success, String id) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Failure(String name, String message, String details) {
    }

    static Failure errorBody(IngestException e) {
        return switch (e.status()) {
            case 400 -> new Failure("bad_request", "Invalid body parameters provided.", e.getMessage());
            case 401 -> new Failure("unauthorized", "Your Bearer Token is missing, invalid or expired.",
                    e.getMessage());
            case 429 -> new Failure("rate_limit_exceeded", "Rate limit was exceeded.", e.getMessage());
            default -> new Failure(e.code(), e.getMessage(), null);
        };
    }
}
