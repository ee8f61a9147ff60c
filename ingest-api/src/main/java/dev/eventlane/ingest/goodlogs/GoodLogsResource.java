package dev.eventlane.ingest.goodlogs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.eventlane.ingest.config.IngestConfig;
import dev.eventlane.ingest.service.ApiKeyAuthenticator;
import dev.eventlane.ingest.service.EventTimes;
import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.ingest.service.Ingestion;
import dev.eventlane.ingest.service.KeyFirst;
import dev.eventlane.ingest.service.RequestContext;
import dev.eventlane.ingest.service.SurfaceRefusals;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.LogEntry;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;

/**
 * GoodLogs' ingest: {@code POST /v1/events} (public or secret keys) and {@code POST /v1/logs} (secret keys only),
 * each a batch of up to 500 items in a body of up to 2 MB. Valid items are accepted and invalid ones reported by
 * index; 202 {@code {"accepted","rejected"}} once Kafka acknowledged the accepted ones. Errors in GoodLogs' body
 * {@code {"error":{"code","message"}}}.
 */
@Path("/v1")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class GoodLogsResource implements SurfaceRefusals.RefusingSurface {

    static final int MAX_BATCH = 500;
    static final long MAX_BODY_BYTES = 2L * 1024 * 1024;
    private static final Ingestion.Surface SURFACE = new Ingestion.Surface("goodlogs", GoodLogsResource::errorBody);

    private final ApiKeyAuthenticator authenticator;
    private final Ingestion ingestion;
    private final GoodLogsEventParser events;
    private final GoodLogsLogParser logs;
    private final RequestRate rate;

    public GoodLogsResource(ApiKeyAuthenticator authenticator, Ingestion ingestion, IngestConfig config,
            RequestRate rate) {
        this.authenticator = authenticator;
        this.ingestion = ingestion;
        this.rate = rate;
        EventTimes times = new EventTimes(config.maxFutureSkew());
        this.events = new GoodLogsEventParser(times);
        this.logs = new GoodLogsLogParser(times);
    }

    @Override
    public Response refuse(IngestException refusal) {
        return ingestion.reject(SURFACE, refusal, null);
    }

    @POST
    @Path("/events")
    @NonBlocking
    @KeyFirst
    public CompletionStage<Response> events(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("User-Agent") String userAgent, @Context HttpServerRequest http) {
        return ingestion.respond(SURFACE, () -> authenticator.authorize(authorization), grant -> {
            rate.admit(grant);
            RequestContext request = ingestion.context(grant, userAgent, http);
            Parsed<Event> parsed = parse(body, (item, path) -> events.parse(item, path, request));
            return parsed.valid.isEmpty() ? nothingToPublish(parsed.answer)
                    : ingestion.publish(SURFACE, grant, parsed.valid, 202, parsed.answer);
        });
    }

    @POST
    @Path("/logs")
    @NonBlocking
    @KeyFirst(logs = true)
    public CompletionStage<Response> logs(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("User-Agent") String userAgent, @Context HttpServerRequest http) {
        return ingestion.respond(SURFACE, () -> authenticator.authorizeLogs(authorization), grant -> {
            rate.admit(grant);
            RequestContext request = ingestion.context(grant, userAgent, http);
            Parsed<LogEntry> parsed = parse(body, (item, path) -> logs.parse(item, path, request));
            return parsed.valid.isEmpty() ? nothingToPublish(parsed.answer)
                    : ingestion.publishLogs(SURFACE, grant, parsed.valid, 202, parsed.answer);
        });
    }

    /** The batch's valid items and the answer that counts and reports them. */
    private record Parsed<T>(List<T> valid, Accepted answer) {
    }

    private <T> Parsed<T> parse(byte[] body, BiFunction<JsonNode, String, T> parser) {
        JsonNode batch = batch(ingestion.read(body, MAX_BODY_BYTES));
        List<T> valid = new ArrayList<>(batch.size());
        List<Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            try {
                valid.add(parser.apply(batch.get(i), "batch[" + i + "]."));
            } catch (IngestException e) {
                rejected.add(new Rejected(i, "VALIDATION_ERROR", e.getMessage()));
            }
        }
        return new Parsed<>(valid, new Accepted(valid.size(), rejected.size(), rejected.isEmpty() ? null : rejected));
    }

    private static CompletionStage<Response> nothingToPublish(Accepted answer) {
        return CompletableFuture.completedFuture(Response.status(202).type(MediaType.APPLICATION_JSON)
                .entity(answer).build());
    }

    private static JsonNode batch(JsonNode root) {
        JsonNode batch = root.isObject() ? root.get("batch") : null;
        if (batch == null || !batch.isArray()) {
            throw GoodLogsEventParser.invalid("Body must be {\"batch\": [ ... ]}");
        }
        if (batch.isEmpty()) {
            throw GoodLogsEventParser.invalid("batch must hold at least one item");
        }
        if (batch.size() > MAX_BATCH) {
            throw GoodLogsEventParser.invalid("batch holds at most " + MAX_BATCH + " items, got " + batch.size());
        }
        return batch;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Accepted(int accepted, int rejected, List<Rejected> errors) {
    }

    record Rejected(int index, String code, String message) {
    }

    record Failure(Error error) {
    }

    record Error(String code, String message) {
    }

    /** GoodLogs' codes for the statuses of its table; Eventlane's own refusals mapped onto them. */
    static Failure errorBody(IngestException e) {
        String code = switch (e.status()) {
            case 400 -> "VALIDATION_ERROR";
            case 401 -> "UNAUTHORIZED";
            case 402 -> "QUOTA_EXCEEDED";
            case 403 -> "FORBIDDEN";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 429 -> "RATE_LIMITED";
            case 500 -> "INTERNAL_ERROR";
            case 503 -> "UNAVAILABLE";
            default -> e.code();
        };
        return new Failure(new Error(code, e.getMessage()));
    }
}
