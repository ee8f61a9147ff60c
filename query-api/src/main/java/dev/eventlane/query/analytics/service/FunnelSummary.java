package dev.eventlane.query.analytics.service;

import java.util.List;

/** One funnel of {@code GET /funnels}: its name and its steps' actions in order. */
public record FunnelSummary(String funnel, List<String> steps) {
}
