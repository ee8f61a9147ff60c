package dev.eventlane.ingest.logflux;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

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
import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.ingest.service.Ingestion;
import dev.eventlane.ingest.service.KeyFirst;
import dev.eventlane.ingest.service.RequestContext;
import dev.eventlane.ingest.service.SurfaceRefusals;
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.LogEntry;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;

/**
 * LogFlux's ingest: {@code POST /v1/ingest} (one end-to-end encrypted entry) and {@code POST /v1/batch} (up to 100,
 * all or nothing), secret keys only. Answers and errors in LogFlux's bodies ({@code status}, {@code error.code},
 * {@code request_id}); every answer to a known key carries the key's request limit ({@link RequestLimiter}).
 */
@Path("/v1")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class LogFluxResource implements SurfaceRefusals.RefusingSurface {

    static final int MAX_BATCH = 100;
    /**
     * Largest batch body, under the server's hard stop of 8 MB: 100 payloads of 1 MB would take 140 MB of base64,
     * so large payloads go one by one or in smaller batches.
     */
    static final long MAX_BODY_BYTES = 7L * 1024 * 1024;
    private static final Map<String, String> MESSAGES = Map.of(
            "INVALID_API_KEY", "The provided API key is invalid",
            "RATE_LIMIT_EXCEEDED", "Too many requests",
            "INVALID_LOG_LEVEL", "Log level out of range (1-8)",
            "INVALID_ENCRYPTION_MODE", "Only mode 1 is supported");

    private final ApiKeyAuthenticator authenticator;
    private final Ingestion ingestion;
    private final RequestLimiter requests;
    private final LogFluxEntryParser parser;

    public LogFluxResource(ApiKeyAuthenticator authenticator, Ingestion ingestion, RequestLimiter requests,
            IngestConfig config) {
        this.authenticator = authenticator;
        this.ingestion = ingestion;
        this.requests = requests;
        this.parser = new LogFluxEntryParser(config.maxFutureSkew());
    }

    @Override
    public Response refuse(IngestException refusal) {
        String requestId = requestId();
        return withHeaders(ingestion.reject(new Ingestion.Surface("logflux", e -> errorBody(e, requestId), false),
                refusal, null), refusal.headers(), requestId);
    }

    @POST
    @Path("/ingest")
    @NonBlocking
    @KeyFirst(logs = true)
    public CompletionStage<Response> ingest(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("User-Agent") String userAgent, @Context HttpServerRequest http) {
        return handle(body, authorization, userAgent, http, false);
    }

    @POST
    @Path("/batch")
    @NonBlocking
    @KeyFirst(logs = true)
    public CompletionStage<Response> batch(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("User-Agent") String userAgent, @Context HttpServerRequest http) {
        return handle(body, authorization, userAgent, http, true);
    }

    private CompletionStage<Response> handle(byte[] body, String authorization, String userAgent,
            HttpServerRequest http, boolean batch) {
        String requestId = requestId();
        Ingestion.Surface surface = new Ingestion.Surface("logflux", e -> errorBody(e, requestId), false);
        KeyGrant grant = null;
        Map<String, String> limits = Map.of();
        try {
            grant = authenticator.authorizeLogs(authorization);
            limits = requests.admit(grant);
            RequestContext request = ingestion.context(grant, userAgent, http);
            JsonNode root = ingestion.read(body, batch ? MAX_BODY_BYTES : LogFluxEntryParser.MAX_PAYLOAD_BYTES * 2L);
            List<LogEntry> entries = batch ? entries(root, request) : List.of(parser.parse(root, "", request));
            Success success = new Success("success", entries.size() == 1 ? "Log entry processed successfully"
                    : entries.size() + " log entries processed successfully", batch ? entries.size() : null,
                    requestId);
            Map<String, String> headers = limits;
            return ingestion.publishLogs(surface, grant, entries, 200, success)
                    .thenApply(response -> withHeaders(response, headers, requestId));
        } catch (IngestException e) {
            Map<String, String> headers = e.headers().isEmpty() ? limits : e.headers();
            return CompletableFuture.completedFuture(withHeaders(ingestion.reject(surface, e, grant), headers,
                    requestId));
        }
    }

    private List<LogEntry> entries(JsonNode root, RequestContext request) {
        JsonNode entries = root.isObject() ? root.get("entries") : null;
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            throw LogFluxEntryParser.error("INVALID_REQUEST", "Body must be {\"entries\": [ ... ]} with 1 to "
                    + MAX_BATCH + " entries");
        }
        if (entries.size() > MAX_BATCH) {
            throw LogFluxEntryParser.error("BATCH_TOO_LARGE", "A batch holds at most " + MAX_BATCH
                    + " entries, got " + entries.size());
        }
        List<LogEntry> parsed = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            parsed.add(parser.parse(entries.get(i), "entries[" + i + "].", request));
        }
        return parsed;
    }

    private static Response withHeaders(Response response, Map<String, String> headers, String requestId) {
        Response.ResponseBuilder builder = Response.fromResponse(response).header("X-Request-Id", requestId);
        headers.forEach(builder::header);
        return builder.build();
    }

    private static String requestId() {
        byte[] random = new byte[8];
        ThreadLocalRandom.current().nextBytes(random);
        return "req_" + HexFormat.of().formatHex(random);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Success(String status, String message, Integer processed, @com.fasterxml.jackson.annotation.JsonProperty(
            "request_id") String requestId) {
    }

    record Failure(String status, Error error, @com.fasterxml.jackson.annotation.JsonProperty("request_id")
            String requestId) {
    }

    record Error(String code, String message, String details) {
    }

    /** LogFlux's codes: its own for its checks, Eventlane's refusals named in its style. */
    static Failure errorBody(IngestException e, String requestId) {
        String code = switch (e.code()) {
            case "missing_key", "invalid_key" -> "INVALID_API_KEY";
            case "forbidden" -> "FORBIDDEN";
            case "quota_exceeded" -> "QUOTA_EXCEEDED";
            case "rate_limited" -> "RATE_LIMIT_EXCEEDED";
            case "invalid_json" -> "INVALID_REQUEST";
            case "payload_too_large" -> "PAYLOAD_TOO_LARGE";
            case "unavailable" -> "SERVICE_UNAVAILABLE";
            default -> e.code();
        };
        return new Failure("error", new Error(code, MESSAGES.getOrDefault(code, e.getMessage()), e.getMessage()),
                requestId);
    }
}
