package dev.eventlane.ingest.web;

import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a collection request whose declared length is over the collection's limit before its body is read: the key
 * of {@code /collect} is in the body, so the endpoint cannot be {@code @KeyFirst}, and without this a stranger could
 * have up to the 8 MB hard stop buffered per request. A body without a declared length is still held to the limit
 * once read.
 */
@Singleton
public class CollectBodyLimit {

    @ServerRequestFilter(preMatching = true)
    public Response refuseOversized(ContainerRequestContext request) {
        if (!HttpMethod.POST.equals(request.getMethod()) || !"/collect".equals(request.getUriInfo().getPath())) {
            return null;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean declared = length != null && !length.isEmpty() && length.length() <= 18
                && length.chars().allMatch(Character::isDigit);
        if (!declared || Long.parseLong(length) <= CollectResource.MAX_BODY_BYTES) {
            return null;
        }
        return Response.status(413).type(MediaType.APPLICATION_JSON)
                .entity(new CollectResource.Failure(new CollectResource.Error("payload_too_large",
                        "Request body is larger than " + CollectResource.MAX_BODY_BYTES + " bytes")))
                .header("Connection", "close").build();
    }
}
