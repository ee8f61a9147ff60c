package dev.eventlane.ingest.service;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.eventlane.ingest.config.CorsConfig;
import dev.eventlane.schemas.KeyType;

/**
 * CORS for the endpoints a web page may call with a public key. A preflight carries no key, so it is answered here,
 * before routing and before {@link KeyFirstFilter}, for any allowed origin; the actual answer then carries
 * {@code Access-Control-Allow-Origin} (the request's origin, never {@code *}) only when the key is a public one.
 * Every other endpoint (logs, LogFlux, which take secret keys only) answers no CORS.
 */
@ApplicationScoped // the filters are wired at static init, before runtime config: created at the first request
public class BrowserCors {

    /** The endpoints that take public keys: {@code @KeyFirst} without {@code logs} (BrowserCorsTest checks it). */
    static final Set<String> BROWSER_PATHS = Set.of("/v1/events", "/ingest", "/ingest/batch", "/api/event");
    /**
     * The web tracker's collection, which takes public keys only and mostly in the body ({@code sendBeacon} sets no
     * headers): its answers carry the origin whatever the {@code Authorization} header says.
     */
    static final Set<String> PUBLIC_ONLY_PATHS = Set.of("/collect");
    private static final String ORIGIN = "Origin";

    private final CorsConfig config;
    private final ApiKeyAuthenticator authenticator;

    public BrowserCors(CorsConfig config, ApiKeyAuthenticator authenticator) {
        this.config = config;
        this.authenticator = authenticator;
    }

    @ServerRequestFilter(preMatching = true)
    public Response preflight(ContainerRequestContext request) {
        String origin = request.getHeaderString(ORIGIN);
        if (!HttpMethod.OPTIONS.equals(request.getMethod()) || origin == null || !appliesTo(request)) {
            return null;
        }
        Response.ResponseBuilder answer = Response.noContent().header("Vary", ORIGIN);
        if (allowed(origin)) {
            answer.header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Allow-Methods", "POST, OPTIONS")
                    .header("Access-Control-Allow-Headers", String.join(", ", config.allowedHeaders()))
                    .header("Access-Control-Max-Age", config.maxAge().toSeconds());
        }
        return answer.build();
    }

    @ServerResponseFilter
    public void allowPublicKeys(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString(ORIGIN);
        if (HttpMethod.OPTIONS.equals(request.getMethod()) || origin == null || !appliesTo(request)) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.add("Vary", ORIGIN);
        if (allowed(origin) && (PUBLIC_ONLY_PATHS.contains(request.getUriInfo().getPath())
                || isPublicKey(request.getHeaderString("Authorization")))) {
            headers.putSingle("Access-Control-Allow-Origin", origin);
            headers.putSingle("Access-Control-Expose-Headers", String.join(", ", config.exposedHeaders()));
        }
    }

    private boolean appliesTo(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return config.enabled() && (BROWSER_PATHS.contains(path) || PUBLIC_ONLY_PATHS.contains(path));
    }

    private boolean allowed(String origin) {
        return config.allowedOrigins().contains("*") || config.allowedOrigins().contains(origin);
    }

    /** A map lookup, as in {@link KeyFirstFilter}; a refused key (bad, revoked, loading) is not a public one. */
    private boolean isPublicKey(String authorization) {
        try {
            return authenticator.authorize(authorization).getType() == KeyType.PUBLIC;
        } catch (IngestException e) {
            return false;
        }
    }
}
