package dev.eventlane.client.sdk;

/**
 * Counters of one client since it was built: events taken by {@code log...} calls, stored (answered 2xx and not
 * refused), dropped (every reason, each also reported to the drop callback), requests made and retried, and the
 * events waiting now.
 */
public record ClientMetrics(long logged, long sent, long dropped, long requests, long retries, long queued) {
}
