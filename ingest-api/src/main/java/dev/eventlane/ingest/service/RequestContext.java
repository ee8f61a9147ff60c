package dev.eventlane.ingest.service;

import java.time.Instant;

/**
 * What the server knows about one ingest request apart from its body: the authenticated project, when it arrived
 * and who sent it.
 *
 * @param projectId  taken from the API key, never from the body
 * @param receivedAt server time at arrival; also the event time of events that carry none
 * @param ip         the client address
 * @param userAgent  the {@code User-Agent} header, or null
 */
public record RequestContext(String projectId, Instant receivedAt, String ip, String userAgent) {
}
