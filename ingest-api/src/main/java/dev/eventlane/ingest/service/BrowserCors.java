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
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.KeyType;

/**
 * CORS for the endpoints a web page may call with a public key. A preflight carries no key, so it is answered here,
 * before routing and before {@link KeyFirstFilter}, for any origin the instance allows ({@code eventlane.cors.*});
 * the actual answer then carries {@code Access-Control-Allow-Origin} (the request's origin, never {@code *}) only
 * when the key is a public one and its project allows the origin (the grant's {@code allowed_origins}; empty allows
 * any). A public key sent from an origin its project does not allow is refused before the body is read
 * ({@link #refuseOrigin}, called by {@link KeyFirstFilter}). Every other endpoint (logs, LogFlux, which take secret
 * keys only) answers no CORS.
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
        // The tracker's key is in the body: its resource refuses (403) an origin the project does not allow.
        boolean tracker = PUBLIC_ONLY_PATHS.contains(request.getUriInfo().getPath()) && response.getStatus() != 403;
        if (allowed(origin) && (tracker || isPublicKeyAllowing(request.getHeaderString("Authorization"), origin))) {
            headers.putSingle("Access-Control-Allow-Origin", origin);
            headers.putSingle("Access-Control-Expose-Headers", String.join(", ", config.exposedHeaders()));
        }
    }

    /**
     * Refuses (403) a request from a browser page (an {@code Origin}) with a public key whose project names the
     * origins it allows and not this one. Requests without an {@code Origin} (servers, apps) and secret keys pass:
     * secret keys never get CORS, so a page cannot read their answers anyway.
     */
    public void refuseOrigin(String origin, KeyGrant grant) {
        if (origin != null && config.enabled() && grant.getType() == KeyType.PUBLIC
                && !projectAllows(grant, origin)) {
            throw new IngestException(403, "origin_not_allowed",
                    "This project does not allow browser requests from " + origin);
        }
    }

    private static boolean projectAllows(KeyGrant grant, String origin) {
        return grant.getAllowedOrigins().isEmpty() || grant.getAllowedOrigins().contains(origin);
    }

    private boolean appliesTo(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return config.enabled() && (BROWSER_PATHS.contains(path) || PUBLIC_ONLY_PATHS.contains(path));
    }

    private boolean allowed(String origin) {
        return config.allowedOrigins().contains("*") || config.allowedOrigins().contains(origin);
    }

    /** A map lookup, as in {@link KeyFirstFilter}; a refused key (bad, revoked, loading) is not a public one. */
    private boolean isPublicKeyAllowing(String authorization, String origin) {
        try {
            KeyGrant grant = authenticator.authorize(authorization);
            return grant.getType() == KeyType.PUBLIC && projectAllows(grant, origin);
        } catch (IngestException e) {
            return false;
        }
    }
}
