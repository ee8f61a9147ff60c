package dev.eventlane.ingest.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.eventlane.ingest.service.ApiKeyAuthenticator;
import dev.eventlane.ingest.service.BrowserCors;
import dev.eventlane.ingest.service.Enrichment;
import dev.eventlane.ingest.service.IngestException;
import dev.eventlane.ingest.service.Ingestion;
import dev.eventlane.ingest.service.RequestContext;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.KeyType;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;

/**
 * The browser tracker's {@code POST /collect} (docs/web.md): one page view or custom event, with a public key in the
 * body ({@code key}; {@code sendBeacon} cannot set headers) or in {@code Authorization}. Any content type is read as
 * JSON, {@code text/plain} included, which is what {@code sendBeacon} sends and needs no CORS preflight. Bots are
 * answered exactly as browsers are, so they learn nothing, but their events are only counted, per project. A page
 * whose origin the project does not allow is refused (403), as on the other browser surfaces.
 */
@Path("/collect")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class CollectResource {

    static final Ingestion.Surface SURFACE = new Ingestion.Surface("web", CollectResource::errorBody);
    /** A page view is a few hundred bytes; a custom event's props at most 30 × 500 characters. */
    static final int MAX_BODY_BYTES = 32 * 1024;
    static final String BOTS_METRIC = "eventlane.ingest.web.bots";
    private static final Accepted ACCEPTED = new Accepted(true);

    private final ApiKeyAuthenticator authenticator;
    private final BrowserCors cors;
    private final Ingestion ingestion;
    private final Enrichment enrichment;
    private final MeterRegistry registry;
    private final Map<String, Counter> bots = new ConcurrentHashMap<>();
    private final WebEventParser parser = new WebEventParser();

    public CollectResource(ApiKeyAuthenticator authenticator, BrowserCors cors, Ingestion ingestion,
            Enrichment enrichment, MeterRegistry registry) {
        this.authenticator = authenticator;
        this.cors = cors;
        this.ingestion = ingestion;
        this.enrichment = enrichment;
        this.registry = registry;
    }

    @POST
    @NonBlocking
    public CompletionStage<Response> collect(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("User-Agent") String userAgent, @HeaderParam("Origin") String origin,
            @Context HttpServerRequest http) {
        JsonNode json;
        KeyGrant grant;
        try {
            json = ingestion.read(body, MAX_BODY_BYTES);
            if (json == null || !json.isObject()) {
                throw IngestException.badRequest("invalid_json", "Request body must be a JSON object");
            }
            grant = publicKey(json.get("key"), authorization);
            cors.refuseOrigin(origin, grant);
        } catch (IngestException e) {
            return CompletableFuture.completedFuture(ingestion.reject(SURFACE, e, null));
        }
        return ingestion.respond(SURFACE, () -> grant, known -> {
            Enrichment.WebAgent agent = enrichment.webAgent(userAgent);
            RequestContext context = ingestion.webContext(known, userAgent, agent, http);
            Event event = parser.parse(json, context);
            if (agent.bot()) {
                countBot(known.getProjectId());
                return CompletableFuture.completedFuture(Response.accepted(ACCEPTED)
                        .type(MediaType.APPLICATION_JSON).build());
            }
            return ingestion.publish(SURFACE, known, List.of(event), 202, ACCEPTED);
        });
    }

    /** The key of the body, else of the header; it must be a public key of a project. */
    private KeyGrant publicKey(JsonNode key, String authorization) {
        String header = authorization;
        if (key != null && !key.isNull()) {
            if (!key.isTextual() || key.textValue().isEmpty() || key.textValue().length() > 200) {
                throw IngestException.badRequest("invalid_key", "key must be a non-empty string (the public key)");
            }
            header = "Bearer " + key.textValue();
        }
        if (header == null || header.isBlank()) {
            throw new IngestException(401, "missing_key", "A public key is required: key in the body, or "
                    + "Authorization: Bearer <key>");
        }
        KeyGrant grant = authenticator.authorize(header);
        if (grant.getType() != KeyType.PUBLIC) {
            throw new IngestException(403, "public_key_required", "The tracker takes a public key only: a secret "
                    + "key in a web page is readable by anyone; revoke it and issue a public one");
        }
        return grant;
    }

    private void countBot(String project) {
        bots.computeIfAbsent(project, p -> registry.counter(BOTS_METRIC, "project", p)).increment();
    }

    record Accepted(boolean ok) {
    }

    record Failure(Error error) {
    }

    record Error(String code, String message) {
    }

    static Failure errorBody(IngestException e) {
        return new Failure(new Error(e.code(), e.getMessage()));
    }
}
