package dev.eventlane.ingest.service;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.jboss.logging.Logger;

import dev.eventlane.ingest.config.IngestConfig;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.LogEntry;
import io.vertx.core.http.HttpServerRequest;

/**
 * What every ingest surface does the same way, whatever its paths and bodies: read the JSON body within the size
 * limit, take events from the plan's allowance, publish them and answer only once Kafka acknowledged them (giving
 * refused events back to the allowance), and render a refusal in the surface's own error body, with the project's
 * rate-limit headers once the key is known.
 */
@ApplicationScoped
public class Ingestion {

    /** Deepest nesting of arrays and objects in a request body, the body's own object included (docs/README.md). */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest number literal, sign, fraction and exponent included (docs/README.md). */
    public static final int MAX_NUMBER_LENGTH = 1000;

    /**
     * One API surface: its name in metrics, how it words a refusal, and whether its answers carry the plan's
     * {@code X-RateLimit-*} headers (a surface with a limit of its own, LogFlux's requests a minute, sets its own).
     */
    public record Surface(String name, Function<IngestException, Object> errorBody, boolean planHeaders) {

        public Surface(String name, Function<IngestException, Object> errorBody) {
            this(name, errorBody, true);
        }
    }

    private static final Logger LOG = Logger.getLogger(Ingestion.class);

    private final RateLimiter limiter;
    private final EventPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private final Enrichment enrichment;
    private final Clock clock;
    /**
     * Numbers keep every digit the client sent (no trip through double). A body nests at most
     * {@link #MAX_NESTING_DEPTH} deep and a number has at most {@link #MAX_NUMBER_LENGTH} characters, so what we
     * accept can be read and written again by every later reader (query-api, alert payloads, webhook receivers),
     * whose own JSON limits begin near 1000 levels.
     */
    private final ObjectMapper json = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    public Ingestion(RateLimiter limiter, EventPublisher publisher, IngestMetrics metrics, IngestConfig config,
            Enrichment enrichment, Clock clock) {
        this.limiter = limiter;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.enrichment = enrichment;
        this.clock = clock;
    }

    /**
     * Runs a request of the surface: authorizes it, then does {@code work} with the key's grant; a refusal anywhere
     * becomes the surface's error answer (with the project's limits once the key is known).
     */
    public CompletionStage<Response> respond(Surface surface, Supplier<KeyGrant> authorize,
            Function<KeyGrant, CompletionStage<Response>> work) {
        KeyGrant grant = null;
        try {
            grant = authorize.get();
            return work.apply(grant);
        } catch (IngestException e) {
            return CompletableFuture.completedFuture(reject(surface, e, grant));
        } catch (RuntimeException e) {
            // A bug, not the client's fault: logged here, answered in the surface's error body without details.
            LOG.error("Unexpected failure on " + surface.name(), e);
            return CompletableFuture.completedFuture(reject(surface,
                    new IngestException(500, "internal_error", "Internal server error"), grant));
        }
    }

    /** The body as a JSON tree; 400 when empty or not JSON, 413 when over {@code maxBytes}. */
    public JsonNode read(byte[] body, long maxBytes) {
        if (body == null || body.length == 0) {
            throw IngestException.badRequest("invalid_json", "Request body is empty; send a JSON object");
        }
        if (body.length > maxBytes) {
            throw IngestException.tooLarge("payload_too_large", "Request body is larger than " + maxBytes + " bytes");
        }
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (StreamConstraintsException e) {
            throw IngestException.badRequest("invalid_json", beyondLimits(e));
        } catch (NumberFormatException e) {
            // A decimal whose exponent does not fit in 32 bits (1e2147483648): no reader downstream could take it.
            throw IngestException.badRequest("invalid_json", "Request body holds a number whose exponent is out of "
                    + "range (beyond ±2147483647)");
        } catch (JacksonException e) {
            throw IngestException.badRequest("invalid_json", "Request body is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw IngestException.badRequest("invalid_json", "Request body could not be read");
        }
        if (tree != null && ValidUnicode.firstInvalid(tree) != null) {
            throw IngestException.badRequest("invalid_json", "Request body holds a string with an unpaired surrogate "
                    + "(such as \\ud800 alone): strings must be valid Unicode");
        }
        return tree;
    }

    private static String beyondLimits(StreamConstraintsException e) {
        String reason = e.getOriginalMessage();
        if (reason.contains("nesting depth")) {
            return "Request body nests arrays and objects more than " + MAX_NESTING_DEPTH + " levels deep";
        }
        if (reason.startsWith("Number value length")) {
            return "Request body holds a number longer than " + MAX_NUMBER_LENGTH + " characters";
        }
        // Jackson's other limits: names over 50,000 characters (strings may be as long as a body).
        return "Request body is beyond the JSON limits: " + reason.replaceAll(", from `[^`]*`", "");
    }

    /** The body as a JSON tree within the configured body limit. */
    public JsonNode read(byte[] body) {
        return read(body, config.maxBodyBytes());
    }

    /** The request's project, arrival time and what enrichment learns of the sender. */
    public RequestContext context(KeyGrant grant, String userAgent, HttpServerRequest http) {
        String peer = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        Enrichment.Agent agent = enrichment.agent(userAgent);
        String ip = enrichment.clientIp(peer, http.getHeader("X-Forwarded-For"));
        EventContext context = EventContext.newBuilder()
                .setIp(ip)
                .setUserAgent(userAgent)
                .setBrowser(agent.browser())
                .setOs(agent.os())
                .setDevice(agent.device())
                .setCountry(enrichment.country(ip))
                .build();
        return new RequestContext(grant.getProjectId(), clock.instant(), context);
    }

    /**
     * As {@link #context}, for a browser's request to the web collection: browser, OS and device as web analytics
     * reports them ({@link Enrichment.WebAgent}).
     */
    public RequestContext webContext(KeyGrant grant, String userAgent, Enrichment.WebAgent agent,
            HttpServerRequest http) {
        String peer = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        String ip = enrichment.clientIp(peer, http.getHeader("X-Forwarded-For"));
        String country = enrichment.country(ip);
        EventContext context = EventContext.newBuilder()
                .setIp(ip)
                .setUserAgent(userAgent)
                .setBrowser(agent.browser())
                .setOs(agent.os())
                .setDevice(agent.device())
                .setCountry(country == null ? "" : country)
                .build();
        return new RequestContext(grant.getProjectId(), clock.instant(), context);
    }

    /**
     * Takes the events from the plan's allowance (or refuses them), publishes them, and answers {@code status} with
     * {@code success} once Kafka acknowledged them; events Kafka did not take go back into the allowance.
     */
    public CompletionStage<Response> publish(Surface surface, KeyGrant grant, List<Event> events, int status,
            Object success) {
        return admitted(surface, grant, events.size(), () -> publisher.publish(events), status, success);
    }

    /** As {@link #publish}, for log entries: they count toward the plan's allowance like events. */
    public CompletionStage<Response> publishLogs(Surface surface, KeyGrant grant, List<LogEntry> logs, int status,
            Object success) {
        return admitted(surface, grant, logs.size(), () -> publisher.publishLogs(logs), status, success);
    }

    private CompletionStage<Response> admitted(Surface surface, KeyGrant grant, int count,
            Supplier<CompletionStage<Void>> send, int status, Object success) {
        RateLimiter.Limits limits = limiter.admit(grant, count);
        return send.get().handle((ok, failure) -> {
            if (failure != null) {
                limiter.refund(grant, count);
                return reject(surface, failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure, grant);
            }
            limiter.accepted(grant, count);
            metrics.accepted(surface.name(), count);
            Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON)
                    .entity(success);
            if (surface.planHeaders() && limits != null) {
                limits.headers().forEach(response::header);
            }
            return response.build();
        });
    }

    /** The surface's error body; after authentication, with the project's rate-limit headers. */
    public Response reject(Surface surface, Throwable failure, KeyGrant grant) {
        IngestException e = failure instanceof IngestException ie ? ie
                : new IngestException(503, "unavailable", "Event storage is temporarily unavailable", 2);
        metrics.rejected(surface.name(), e.code());
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(surface.errorBody().apply(e));
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        if (surface.planHeaders()) {
            Map<String, String> headers = e.headers();
            if (headers.isEmpty() && grant != null) {
                RateLimiter.Limits limits = limiter.peek(grant);
                headers = limits == null ? Map.of() : limits.headers();
            }
            headers.forEach(response::header);
        }
        return response.build();
    }
}
