package dev.eventlane.streams.sink;

import java.time.LocalDate;

import dev.eventlane.schemas.FunnelStep;
import dev.eventlane.schemas.Purchase;
import dev.eventlane.schemas.Session;
import dev.eventlane.schemas.UserDay;
import dev.eventlane.schemas.clickhouse.RowFormat;
import dev.eventlane.schemas.clickhouse.Sql;

/** Rows of the tables the analytics stage feeds (see the ClickHouse migrations V002–V007). */
final class DerivedRows {

    static final RowFormat<Session> SESSIONS = new RowFormat<>() {
        @Override
        public String columns() {
            return "project_id, user_id, session_id, inferred, start_ms, end_ms, event_count, entry_action, "
                    + "exit_action, deleted";
        }

        @Override
        public void append(StringBuilder row, Session s) {
            text(row, s.getProjectId());
            text(row, s.getUserId());
            text(row, s.getSessionId());
            number(row, s.getInferred() ? 1 : 0);
            number(row, s.getStart().toEpochMilli());
            number(row, s.getEnd().toEpochMilli());
            number(row, s.getEventCount());
            text(row, s.getEntryAction());
            text(row, s.getExitAction());
            number(row, s.getDeleted() ? 1 : 0);
        }
    };

    static final RowFormat<FunnelStep> FUNNEL_STEPS = new RowFormat<>() {
        @Override
        public String columns() {
            return "project_id, funnel, action, first_ms";
        }

        @Override
        public void append(StringBuilder row, FunnelStep s) {
            text(row, s.getProjectId());
            text(row, s.getFunnel());
            text(row, s.getAction());
            number(row, s.getFirstSeen().toEpochMilli());
        }
    };

    static final RowFormat<UserDay> USER_DAYS = new RowFormat<>() {
        @Override
        public String columns() {
            return "project_id, user_id, day";
        }

        @Override
        public void append(StringBuilder row, UserDay d) {
            text(row, d.getProjectId());
            text(row, d.getUserId());
            LocalDate day = d.getDay();
            row.append(day).append('\t');
        }
    };

    static final RowFormat<Purchase> PURCHASES = new RowFormat<>() {
        @Override
        public String columns() {
            return "project_id, event_id, user_id, ts_ms, amount";
        }

        @Override
        public void append(StringBuilder row, Purchase p) {
            text(row, p.getProjectId());
            text(row, p.getEventId());
            text(row, p.getUserId());
            number(row, p.getTimestamp().toEpochMilli());
            row.append(p.getAmount()).append('\t');
        }
    };

    private DerivedRows() {
    }

    private static void text(StringBuilder row, String value) {
        Sql.appendTsv(row, value);
        row.append('\t');
    }

    private static void number(StringBuilder row, long value) {
        row.append(value).append('\t');
    }
}
