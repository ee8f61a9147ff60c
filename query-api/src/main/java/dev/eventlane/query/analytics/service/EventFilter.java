package dev.eventlane.query.analytics.service;

/**
 * What {@code GET /events} asks for; null members are not filtered on.
 *
 * @param fromMs inclusive lower bound of event time (epoch millis)
 * @param toMs   exclusive upper bound of event time (epoch millis)
 * @param after  continue after this position (from a previous page's cursor)
 */
public record EventFilter(String action, String userId, String funnel, Long fromMs, Long toMs, int limit,
        Cursor after) {
}
