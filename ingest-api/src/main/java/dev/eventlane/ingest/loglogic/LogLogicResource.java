package dev.eventlane.ingest.loglogic;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.eventlane.ingest.config.IngestConfig;
import dev.eventlane.ingest.service.ApiKeyAuthenticator;
import dev.eventlane.ingest.service.EventPublisher;
import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.ingest.service.IngestMetrics;
import dev.eventlane.ingest.service.RequestContext;
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
public class LogLogicResource {

    static final int MAX_BATCH = 100;
    private static final String SOURCE = "loglogic";

    private final ApiKeyAuthenticator authenticator;
    private final EventPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private final ObjectMapper json;
    private final LogLogicEventParser parser;

    public LogLogicResource(ApiKeyAuthenticator authenticator, EventPublisher publisher, IngestMetrics metrics,
            IngestConfig config) {
        this.authenticator = authenticator;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.json = exactJson();
        this.parser = new LogLogicEventParser(config.maxFutureSkew());
    }

    @POST
    @NonBlocking
    public CompletionStage<Response> ingest(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("User-Agent") String userAgent, @Context HttpServerRequest http) {
        try {
            RequestContext request = context(authorization, userAgent, http);
            Event event = parser.parse(read(body), "", request);
            return publish(List.of(event), new LogLogicReplies.Accepted(event.getEventId()));
        } catch (IngestException e) {
            return CompletableFuture.completedFuture(reject(e));
        }
    }

    @POST
    @Path("/batch")
    @NonBlocking
    public CompletionStage<Response> batch(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("User-Agent") String userAgent, @Context HttpServerRequest http) {
        try {
            RequestContext request = context(authorization, userAgent, http);
            List<Event> events = parseBatch(read(body), request);
            return publish(events, new LogLogicReplies.BatchAccepted(events.stream().map(Event::getEventId).toList()));
        } catch (IngestException e) {
            return CompletableFuture.completedFuture(reject(e));
        }
    }

    /** Numbers in data keep every digit the client sent (no trip through double). */
    private static ObjectMapper exactJson() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build();
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

    private CompletionStage<Response> publish(List<Event> events, Object success) {
        return publisher.publish(events).handle((ok, failure) -> {
            if (failure != null) {
                return reject(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
            metrics.accepted(SOURCE, events.size());
            return Response.ok(success).build();
        });
    }

    private RequestContext context(String authorization, String userAgent, HttpServerRequest http) {
        String projectId = authenticator.authorize(authorization).getProjectId();
        String ip = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        return new RequestContext(projectId, Instant.now(), ip, userAgent);
    }

    private JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            throw IngestException.badRequest("invalid_json", "Request body is empty; send a JSON object");
        }
        if (body.length > config.maxBodyBytes()) {
            throw IngestException.tooLarge("payload_too_large",
                    "Request body is larger than " + config.maxBodyBytes() + " bytes");
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw IngestException.badRequest("invalid_json", "Request body is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw IngestException.badRequest("invalid_json", "Request body could not be read");
        }
    }

    private Response reject(Throwable failure) {
        IngestException e = failure instanceof IngestException ie ? ie
                : new IngestException(503, "unavailable", "Event storage is temporarily unavailable", 2);
        metrics.rejected(SOURCE, e.code());
        Response.ResponseBuilder response = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(new LogLogicReplies.Failure(e.code(), e.getMessage()));
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        return response.build();
    }
}
