package dev.eventlane.ingest.loglogic;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import dev.eventlane.ingest.service.RateLimiter;
import dev.eventlane.ingest.service.RequestContext;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.KeyGrant;
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
    private final RateLimiter limiter;
    private final EventPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private final ObjectMapper json;
    private final LogLogicEventParser parser;

    public LogLogicResource(ApiKeyAuthenticator authenticator, RateLimiter limiter, EventPublisher publisher,
            IngestMetrics metrics, IngestConfig config) {
        this.authenticator = authenticator;
        this.limiter = limiter;
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
        KeyGrant grant = null;
        try {
            grant = authenticator.authorize(authorization);
            Event event = parser.parse(read(body), "", context(grant, userAgent, http));
            return publish(grant, List.of(event), new LogLogicReplies.Accepted(event.getEventId()));
        } catch (IngestException e) {
            return CompletableFuture.completedFuture(reject(e, grant));
        }
    }

    @POST
    @Path("/batch")
    @NonBlocking
    public CompletionStage<Response> batch(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("User-Agent") String userAgent, @Context HttpServerRequest http) {
        KeyGrant grant = null;
        try {
            grant = authenticator.authorize(authorization);
            List<Event> events = parseBatch(read(body), context(grant, userAgent, http));
            return publish(grant, events, new LogLogicReplies.BatchAccepted(events.stream().map(Event::getEventId)
                    .toList()));
        } catch (IngestException e) {
            return CompletableFuture.completedFuture(reject(e, grant));
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

    /**
     * Takes the events from the plan's allowance (or refuses them), publishes them, and answers once Kafka
     * acknowledged them; events Kafka did not take go back into the allowance.
     */
    private CompletionStage<Response> publish(KeyGrant grant, List<Event> events, Object success) {
        RateLimiter.Limits limits = limiter.admit(grant, events.size());
        return publisher.publish(events).handle((ok, failure) -> {
            if (failure != null) {
                limiter.refund(grant, events.size());
                return reject(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure, grant);
            }
            limiter.accepted(grant, events.size());
            metrics.accepted(SOURCE, events.size());
            return withLimits(Response.ok(success), limits == null ? Map.of() : limits.headers()).build();
        });
    }

    private RequestContext context(KeyGrant grant, String userAgent, HttpServerRequest http) {
        String ip = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        return new RequestContext(grant.getProjectId(), Instant.now(), ip, userAgent);
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

    /** The surface's error body; after authentication, with the project's rate-limit headers. */
    private Response reject(Throwable failure, KeyGrant grant) {
        IngestException e = failure instanceof IngestException ie ? ie
                : new IngestException(503, "unavailable", "Event storage is temporarily unavailable", 2);
        metrics.rejected(SOURCE, e.code());
        Response.ResponseBuilder response = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(new LogLogicReplies.Failure(e.code(), e.getMessage()));
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        Map<String, String> headers = e.headers();
        if (headers.isEmpty() && grant != null) {
            RateLimiter.Limits limits = limiter.peek(grant);
            headers = limits == null ? Map.of() : limits.headers();
        }
        return withLimits(response, headers).build();
    }

    private static Response.ResponseBuilder withLimits(Response.ResponseBuilder response,
            Map<String, String> headers) {
        headers.forEach(response::header);
        return response;
    }
}
