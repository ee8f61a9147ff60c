package dev.eventlane.ingest.service;

import java.time.Instant;

import dev.eventlane.schemas.EventContext;

/**
 * What the server knows about one ingest request apart from its body: the authenticated project, when it arrived
 * and what it learned of the sender ({@link Enrichment}).
 *
 * @param projectId  taken from the API key, never from the body
 * @param receivedAt server time at arrival; also the event time of events that carry none
 * @param context    the client's address, user agent, browser, OS and device, shared by the request's events
 */
public record RequestContext(String projectId, Instant receivedAt, EventContext context) {
}
