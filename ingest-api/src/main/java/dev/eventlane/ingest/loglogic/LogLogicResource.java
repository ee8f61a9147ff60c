package dev.eventlane.ingest.loglogic;

import java.util.ArrayList;
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

import com.fasterxml.jackson.databind.JsonNode;

import dev.eventlane.ingest.config.IngestConfig;
import dev.eventlane.ingest.service.ApiKeyAuthenticator;
import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.ingest.service.Ingestion;
import dev.eventlane.ingest.service.KeyFirst;
import dev.eventlane.ingest.service.RequestContext;
import dev.eventlane.ingest.service.SurfaceRefusals;
import dev.eventlane.schemas.Event;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;

/**
 * The LogLogic ingest surface: {@code POST /ingest} (one event) and {@code POST /ingest/batch} (up to 100). A batch
 * is all or nothing: one invalid event rejects the request, naming the event. Success is answered only after Kafka
 * acknowledged every event.
 *
 * <p>Both endpoints run on the event loop: parsing is CPU work on a body of at most 1 MiB, and the producer's
 * {@code send} blocks only while the broker's metadata is unknown, for at most {@code max.block.ms} (under 1 s), so
 * a worker-thread hop per request would cost more than it protects.
 */
@Path("/ingest")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class LogLogicResource implements SurfaceRefusals.RefusingSurface {

    static final int MAX_BATCH = 100;
    private static final Ingestion.Surface SURFACE = new Ingestion.Surface("loglogic",
            e -> new LogLogicReplies.Failure(e.code(), e.getMessage()));

    private final ApiKeyAuthenticator authenticator;
    private final Ingestion ingestion;
    private final LogLogicEventParser parser;

    public LogLogicResource(ApiKeyAuthenticator authenticator, Ingestion ingestion, IngestConfig config) {
        this.authenticator = authenticator;
        this.ingestion = ingestion;
        this.parser = new LogLogicEventParser(config.maxFutureSkew());
    }

    @Override
    public Response refuse(IngestException refusal) {
        return ingestion.reject(SURFACE, refusal, null);
    }

    @POST
    @NonBlocking
    @KeyFirst
    public CompletionStage<Response> ingest(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("User-Agent") String userAgent, @Context HttpServerRequest http) {
        return ingestion.respond(SURFACE, () -> authenticator.authorize(authorization), grant -> {
            Event event = parser.parse(ingestion.read(body), "", ingestion.context(grant, userAgent, http));
            return ingestion.publish(SURFACE, grant, List.of(event), 200,
                    new LogLogicReplies.Accepted(event.getEventId()));
        });
    }

    @POST
    @Path("/batch")
    @NonBlocking
    @KeyFirst
    public CompletionStage<Response> batch(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("User-Agent") String userAgent, @Context HttpServerRequest http) {
        return ingestion.respond(SURFACE, () -> authenticator.authorize(authorization), grant -> {
            List<Event> events = parseBatch(ingestion.read(body), ingestion.context(grant, userAgent, http));
            return ingestion.publish(SURFACE, grant, events, 200,
                    new LogLogicReplies.BatchAccepted(events.stream().map(Event::getEventId).toList()));
        });
    }

    private List<Event> parseBatch(JsonNode root, RequestContext request) {
        JsonNode events = root.isObject() ? root.get("events") : null;
        if (events == null || !events.isArray()) {
            throw IngestException.badRequest("invalid_batch", "Body must be {\"events\": [ ... ]}");
        }
        if (events.isEmpty()) {
            throw IngestException.badRequest("invalid_batch", "events must hold at least one event");
        }
        if (events.size() > MAX_BATCH) {
            throw IngestException.tooLarge("batch_too_large",
                    "A batch holds at most " + MAX_BATCH + " events, got " + events.size());
        }
        List<Event> parsed = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            parsed.add(parser.parse(events.get(i), "events[" + i + "].", request));
        }
        return parsed;
    }
}
