package dev.eventlane.streams.sink;

import java.time.Instant;

import dev.eventlane.platform.clickhouse.RowFormat;
import dev.eventlane.platform.clickhouse.TsvBuffer;
import dev.eventlane.platform.webhooks.TestDeliveries;
import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.FunnelStep;
import dev.eventlane.schemas.FunnelUserLevel;
import dev.eventlane.schemas.Purchase;
import dev.eventlane.schemas.SchemaField;
import dev.eventlane.schemas.Session;
import dev.eventlane.schemas.UserDay;
import dev.eventlane.schemas.WebhookAttempt;

/**
 * Rows of the tables the analytics stage, the webhook dispatcher and the alerting feed (ClickHouse migrations
 * V002–V008, V010, V017, V019).
 */
final class DerivedRows {

    static final RowFormat<Session> SESSIONS = new RowFormat<>() {
        @Override
        public String columns() {
            return "project_id, user_id, session_id, inferred, start_ms, end_ms, event_count, entry_action, "
                    + "exit_action, deleted, replaced_start_ms";
        }

        @Override
        public void append(TsvBuffer row, Session s) {
            RowFormat.text(row, s.getProjectId());
            RowFormat.text(row, s.getUserId());
            RowFormat.text(row, s.getSessionId());
            RowFormat.number(row, s.getInferred() ? 1 : 0);
            RowFormat.number(row, s.getStart().toEpochMilli());
            RowFormat.number(row, s.getEnd().toEpochMilli());
            RowFormat.number(row, s.getEventCount());
            RowFormat.text(row, s.getEntryAction());
            RowFormat.text(row, s.getExitAction());
            RowFormat.number(row, s.getDeleted() ? 1 : 0);
            Instant published = s.getPublishedStart();
            RowFormat.number(row, published == null || published.equals(s.getStart()) ? 0 : published.toEpochMilli());
        }
    };

    static final RowFormat<FunnelStep> FUNNEL_STEPS = new RowFormat<>() {
        @Override
        public String columns() {
            return "project_id, funnel, action, first_ms";
        }

        @Override
        public void append(TsvBuffer row, FunnelStep s) {
            RowFormat.text(row, s.getProjectId());
            RowFormat.text(row, s.getFunnel());
            RowFormat.text(row, s.getAction());
            RowFormat.number(row, s.getFirstSeen().toEpochMilli());
        }
    };

    static final RowFormat<FunnelUserLevel> FUNNEL_LEVELS = new RowFormat<>() {
        @Override
        public String columns() {
            return "project_id, funnel, user_id, level, steps, window_ms, first_ms, last_ms";
        }

        @Override
        public void append(TsvBuffer row, FunnelUserLevel l) {
            RowFormat.text(row, l.getProjectId());
            RowFormat.text(row, l.getFunnel());
            RowFormat.text(row, l.getUserId());
            RowFormat.number(row, l.getLevel());
            RowFormat.text(row, l.getSteps());
            RowFormat.number(row, l.getWindowMs());
            RowFormat.number(row, l.getFirstEvent().toEpochMilli());
            RowFormat.number(row, l.getLastEvent().toEpochMilli());
        }
    };

    static final RowFormat<UserDay> USER_DAYS = new RowFormat<>() {
        @Override
        public String columns() {
            return "project_id, user_id, day";
        }

        @Override
        public void append(TsvBuffer row, UserDay d) {
            RowFormat.text(row, d.getProjectId());
            RowFormat.text(row, d.getUserId());
            RowFormat.text(row, d.getDay().toString());
        }
    };

    static final RowFormat<Purchase> PURCHASES = new RowFormat<>() {
        @Override
        public String columns() {
            return "project_id, event_id, user_id, ts_ms, amount";
        }

        @Override
        public void append(TsvBuffer row, Purchase p) {
            RowFormat.text(row, p.getProjectId());
            RowFormat.text(row, p.getEventId());
            RowFormat.text(row, p.getUserId());
            RowFormat.number(row, p.getTimestamp().toEpochMilli());
            RowFormat.text(row, p.getAmount());
        }
    };

    static final RowFormat<WebhookAttempt> WEBHOOK_ATTEMPTS = new RowFormat<>() {
        @Override
        public String columns() {
            return "project_id, endpoint_id, delivery_id, alert_id, kind, attempt, at_ms, status, latency_ms, error, "
                    + "outcome, next_attempt_ms";
        }

        @Override
        public void append(TsvBuffer row, WebhookAttempt a) {
            RowFormat.text(row, a.getProjectId());
            RowFormat.text(row, a.getEndpointId());
            RowFormat.text(row, a.getDeliveryId());
            RowFormat.text(row, a.getAlertId());
            RowFormat.text(row, a.getKind());
            RowFormat.number(row, a.getAttempt());
            RowFormat.number(row, a.getAt().toEpochMilli());
            RowFormat.number(row, a.getStatus());
            RowFormat.number(row, a.getLatencyMs());
            RowFormat.text(row, a.getError());
            RowFormat.text(row, a.getOutcome());
            RowFormat.number(row, a.getNextAttemptAt() == null ? 0 : a.getNextAttemptAt().toEpochMilli());
        }
    };

    /** Alerts that fired; test deliveries (sent by hand to check an endpoint) are not alerts and are passed over. */
    static final RowFormat<Alert> ALERT_EVENTS = new RowFormat<>() {
        @Override
        public String columns() {
            return "project_id, alert_id, kind, endpoint_id, ts_ms, payload";
        }

        @Override
        public boolean accepts(Alert a) {
            return !TestDeliveries.isTest(a.getKind());
        }

        @Override
        public void append(TsvBuffer row, Alert a) {
            RowFormat.text(row, a.getProjectId());
            RowFormat.text(row, a.getAlertId());
            RowFormat.text(row, a.getKind());
            RowFormat.text(row, a.getEndpointId());
            RowFormat.number(row, a.getTriggeredAt().toEpochMilli());
            RowFormat.text(row, a.getPayload());
        }
    };

    /** Examples as one JSON array of their JSON texts (each is ingest's own serialization: valid JSON). */
    static final RowFormat<SchemaField> SCHEMA_FIELDS = new RowFormat<>() {
        @Override
        public String columns() {
            return "project_id, kind, key, type, origin, volume, examples";
        }

        @Override
        public void append(TsvBuffer row, SchemaField f) {
            RowFormat.text(row, f.getProjectId());
            RowFormat.text(row, f.getKind());
            RowFormat.text(row, f.getKey());
            RowFormat.text(row, f.getType());
            RowFormat.number(row, f.getOrigin());
            RowFormat.number(row, f.getVolume());
            RowFormat.text(row, "[" + String.join(",", f.getExamples()) + "]");
        }
    };

    private DerivedRows() {
    }
}
