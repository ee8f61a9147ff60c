package dev.eventlane.query.analytics.rest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.testkit.Stack;

/**
 * Keys of the %test profile and rows written straight into the analytics tables, as the stream-processors sinks
 * would. Tests share one ClickHouse, so each keeps to its own users, funnel names or days.
 */
public final class TestData {

    static final String KEY_A = "ll_testkeyA0000000000000000000000000000000000000000";
    static final String KEY_B = "ll_testkeyB0000000000000000000000000000000000000000";
    /** project-c: for tests that need a whole project (relative ranges, {@code range=all}, unfiltered pages). */
    static final String KEY_C = "ll_testkeyC0000000000000000000000000000000000000000";

    private TestData() {
    }

    public static ClickHouseClient clickhouse() {
        return new ClickHouseClient(Stack.get().clickHouse().httpUrl(), Stack.CLICKHOUSE_DATABASE,
                Duration.ofSeconds(10));
    }

    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID();
    }

    /** Raw events: project, id, action, user and event time given; the rest fixed. */
    public static Rows events() {
        return new Rows("events", "project_id, event_id, source, name, user_id, session_id, funnel, platform, ts_ms,"
                + " received_ms, data, ip, user_agent, browser, os, device, country, kafka_partition, kafka_offset");
    }

    /** One raw event row for {@link #events()}. */
    /** Log entries: every column of the table but the materialized ones, in the order of {@code V009__logs.sql}. */
    public static Rows logs() {
        return new Rows("logs", "project_id, log_id, source, node, level, severity, ts_ms, received_ms, message,"
                + " encryption_mode, payload, iv, salt, properties, ip, user_agent, browser, os, device, country,"
                + " kafka_partition, kafka_offset");
    }

    public static Object[] event(String project, String id, String action, String user, long tsMs) {
        return new Object[] {project, id, "loglogic", action, user, "", "", "", tsMs, tsMs, "{}", "", "", "", "", "",
                "", 0, 0};
    }

    public static Rows sessions() {
        return new Rows("sessions", "project_id, user_id, session_id, inferred, start_ms, end_ms, event_count,"
                + " entry_action, exit_action, deleted, kafka_partition, kafka_offset");
    }

    /** Sessions with the start each version replaces (0 when it replaces none), as the sink writes them. */
    static Rows sessionVersions() {
        return new Rows("sessions", "project_id, user_id, session_id, inferred, start_ms, end_ms, event_count,"
                + " entry_action, exit_action, deleted, replaced_start_ms, kafka_partition, kafka_offset");
    }

    static Rows funnelSteps() {
        return new Rows("funnel_steps", "project_id, funnel, action, first_ms, kafka_partition, kafka_offset");
    }

    static Rows funnelEvents() {
        return new Rows("funnel_events", "project_id, funnel, user_id, name, ts_ms, event_id");
    }

    static Rows funnelUserLevels() {
        return new Rows("funnel_user_levels", "project_id, funnel, user_id, level, steps, window_ms, first_ms, last_ms,"
                + " kafka_partition, kafka_offset");
    }

    public static Rows userDays() {
        return new Rows("user_days", "project_id, user_id, day, kafka_partition, kafka_offset");
    }

    static Rows purchases() {
        return new Rows("purchases", "project_id, event_id, user_id, ts_ms, amount, kafka_partition, kafka_offset");
    }

    /** The webhook delivery log, as the dispatcher's sink writes it. */
    public static Rows webhookAttempts() {
        return new Rows("webhook_attempts", "project_id, endpoint_id, delivery_id, alert_id, kind, attempt, at_ms,"
                + " status, latency_ms, error, outcome, next_attempt_ms, kafka_partition, kafka_offset");
    }

    /** Web analytics events, as their sink writes them: project, id, visitor and event time given; the rest fixed. */
    public static Rows webEvents() {
        return new Rows("web_events", "project_id, event_id, user_id, event_type, name, path, url, referrer,"
                + " referrer_host, visitor_id, session_id, country, browser, os, device, screen_width, utm_source,"
                + " utm_medium, utm_campaign, utm_term, utm_content, props, ts_ms, kafka_partition, kafka_offset");
    }

    /** One page view row for {@link #webEvents()}. */
    public static Object[] webEvent(String project, String id, String visitor, long tsMs) {
        return new Object[] {project, id, visitor, "pageview", "pageview", "/", "https://example.com/", "", "",
                visitor, "", "", "", "", "", 0, "", "", "", "", "", "{}", tsMs, 0, 0};
    }

    /** The alerts that fired, as their sink writes them. */
    public static Rows alertEvents() {
        return new Rows("alert_events", "project_id, alert_id, kind, endpoint_id, ts_ms, payload, kafka_partition,"
                + " kafka_offset");
    }

    /** Schema discovery's running totals, as their sink writes them (examples: a JSON array of JSON texts). */
    public static Rows schemaFields() {
        return new Rows("schema_fields", "project_id, kind, key, type, origin, volume, examples, kafka_partition,"
                + " kafka_offset");
    }

    /** Rows of one table, inserted as one TabSeparated batch. */
    public static final class Rows {

        private final String table;
        private final String columns;
        private final StringBuilder tsv = new StringBuilder();

        Rows(String table, String columns) {
            this.table = table;
            this.columns = columns;
        }

        public Rows add(Object... values) {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    tsv.append('\t');
                }
                Sql.appendTsv(tsv, String.valueOf(values[i]));
            }
            tsv.append('\n');
            return this;
        }

        public void insert() {
            clickhouse().insertTsv(table, columns, tsv.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
