package dev.eventlane.query.rest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import dev.eventlane.schemas.clickhouse.ClickHouseClient;
import dev.eventlane.schemas.clickhouse.Sql;
import dev.eventlane.testkit.Stack;

/**
 * Keys of the %test profile and rows written straight into the analytics tables, as the stream-processors sinks
 * would. Tests share one ClickHouse, so each keeps to its own users, funnel names or days.
 */
final class TestData {

    static final String KEY_A = "ll_testkeyA0000000000000000000000000000000000000000";
    static final String KEY_B = "ll_testkeyB0000000000000000000000000000000000000000";
    /** project-c: for the one test that needs a whole project (relative ranges, {@code range=all}). */
    static final String KEY_C = "ll_testkeyC0000000000000000000000000000000000000000";

    private TestData() {
    }

    static ClickHouseClient clickhouse() {
        return new ClickHouseClient(Stack.get().clickHouse().httpUrl(), Stack.CLICKHOUSE_DATABASE,
                Duration.ofSeconds(10));
    }

    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID();
    }

    static Rows sessions() {
        return new Rows("sessions", "project_id, user_id, session_id, inferred, start_ms, end_ms, event_count,"
                + " entry_action, exit_action, deleted, kafka_partition, kafka_offset");
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

    static Rows userDays() {
        return new Rows("user_days", "project_id, user_id, day, kafka_partition, kafka_offset");
    }

    static Rows purchases() {
        return new Rows("purchases", "project_id, event_id, user_id, ts_ms, amount, kafka_partition, kafka_offset");
    }

    /** Rows of one table, inserted as one TabSeparated batch. */
    static final class Rows {

        private final String table;
        private final String columns;
        private final StringBuilder tsv = new StringBuilder();

        private Rows(String table, String columns) {
            this.table = table;
            this.columns = columns;
        }

        Rows add(Object... values) {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    tsv.append('\t');
                }
                Sql.appendTsv(tsv, String.valueOf(values[i]));
            }
            tsv.append('\n');
            return this;
        }

        void insert() {
            clickhouse().insertTsv(table, columns, tsv.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
