package dev.eventlane.query.control.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.webhooks.DeliveryErrors;
import dev.eventlane.query.analytics.service.Where;

/**
 * The delivery log of a webhook endpoint: its attempts in ClickHouse ({@code webhook_attempts}, fed by the
 * dispatcher), newest first. Every statement is confined to the project. Error texts are shown only as the fixed
 * phrases of {@link DeliveryErrors}: rows of older dispatchers may name internal addresses or Java classes.
 */
@ApplicationScoped
public class DeliveryLog {

    private static final String COLUMNS = "delivery_id, alert_id, kind, attempt, at_ms, status, latency_ms, error,"
            + " outcome, next_attempt_ms";

    private final ClickHouseClient clickhouse;

    public DeliveryLog(ClickHouseClient clickhouse) {
        this.clickhouse = clickhouse;
    }

    public List<Attempt> recent(String projectId, String endpointId, int limit) {
        Where where = Where.project(projectId).equal("endpoint_id", endpointId);
        List<Attempt> attempts = new ArrayList<>();
        for (String[] row : clickhouse.select("SELECT " + COLUMNS + " FROM webhook_attempts" + where
                + " ORDER BY at_ms DESC, delivery_id, attempt DESC LIMIT " + limit)) {
            long next = Long.parseLong(row[9]);
            attempts.add(new Attempt(row[0], row[1], row[2], Integer.parseInt(row[3]),
                    Instant.ofEpochMilli(Long.parseLong(row[4])), Integer.parseInt(row[5]), Long.parseLong(row[6]),
                    DeliveryErrors.shown(row[7]), row[8], next == 0 ? null : Instant.ofEpochMilli(next)));
        }
        return attempts;
    }

    /**
     * One attempt: {@code status} 0 when there was no answer; {@code outcome} delivered, retrying (with
     * {@code next_attempt_at}), dead (given up, on the dead-letter topic) or dropped (the endpoint was deleted).
     */
    public record Attempt(@JsonProperty("delivery_id") String deliveryId, @JsonProperty("alert_id") String alertId,
            String kind, int attempt, Instant at, int status, @JsonProperty("latency_ms") long latencyMs,
            String error, String outcome, @JsonProperty("next_attempt_at") Instant nextAttemptAt) {
    }
}
