package dev.eventlane.ingest.service;

import java.lang.reflect.Method;
import java.util.function.Function;

import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.ext.web.RoutingContext;

/**
 * Authorizes {@link KeyFirst} endpoints from the {@code Authorization} header before Quarkus REST reads the body
 * (request filters run before it by default). Without it, a request with a bad key would still have its body, up to
 * the 8 MB hard stop, buffered in the heap before the resource refused it, and a hundred of them at once would take
 * the heap that requests with good keys need. Refusals are rendered by the resource's surface, so clients see the
 * same error bodies as before; the resource authorizes again (a map lookup) with the key it already read. The rest
 * of a refused body is not read either: the refusal says {@code Connection: close} and the connection is closed
 * after a short, bounded linger ({@link LingeringClose}).
 */
@Singleton
public class KeyFirstFilter {

    private final ApiKeyAuthenticator authenticator;
    private final SurfaceRefusals refusals;
    private final BrowserCors cors;

    public KeyFirstFilter(ApiKeyAuthenticator authenticator, SurfaceRefusals refusals, BrowserCors cors) {
        this.authenticator = authenticator;
        this.refusals = refusals;
        this.cors = cors;
    }

    @ServerRequestFilter
    public Response authorizeBeforeBody(ContainerRequestContext request, ResourceInfo resource,
            RoutingContext context) {
        Method method = resource.getResourceMethod();
        KeyFirst keyFirst = method == null ? null : method.getAnnotation(KeyFirst.class);
        if (keyFirst == null) {
            return null;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        try {
            if (keyFirst.logs()) {
                authenticator.authorizeLogs(authorization);
            } else {
                cors.refuseOrigin(request.getHeaderString("Origin"), authenticator.authorize(authorization));
            }
            return null;
        } catch (IngestException e) {
            Function<IngestException, Response> refusal = refusals.of(resource.getResourceClass());
            LingeringClose.afterAnswer(context);
            return Response.fromResponse(refusal.apply(e)).header("Connection", "close").build();
        }
    }
}
