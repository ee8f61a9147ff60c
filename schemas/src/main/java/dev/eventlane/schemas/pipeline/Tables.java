package dev.eventlane.schemas.pipeline;

import static dev.eventlane.schemas.pipeline.Table.Data.ALERTS;
import static dev.eventlane.schemas.pipeline.Table.Data.DEAD_LETTERS;
import static dev.eventlane.schemas.pipeline.Table.Data.DELIVERIES;
import static dev.eventlane.schemas.pipeline.Table.Data.EVENTS;
import static dev.eventlane.schemas.pipeline.Table.Data.LOGS;
import static dev.eventlane.schemas.pipeline.Table.Data.SCHEMA;

import java.util.List;
import java.util.Set;

/**
 * Every ClickHouse table of Eventlane (their DDL is in the platform module's migrations), what fills them and which
 * hold rows per user. A table added here with {@code perUser} is covered by erasure; a table with a
 * {@code user_id} column missing here fails the erasure coverage test. A table filled straight from the accepted
 * events or log entries is a raw copy, which the plans' retention purges ({@link #rawData()}).
 */
public final class Tables {

    public static final String EVENTS_TABLE = "events";
    public static final String SESSIONS = "sessions";
    /** Sessions ordered by start, for paging by time; filled from {@link #SESSIONS} by a materialized view. */
    public static final String SESSIONS_BY_START = "sessions_by_start";
    public static final String FUNNEL_STEPS = "funnel_steps";
    /** Funnel actions of events, filled from {@link #EVENTS_TABLE} by a materialized view. */
    public static final String FUNNEL_EVENTS = "funnel_events";
    public static final String FUNNEL_USER_LEVELS = "funnel_user_levels";
    public static final String USER_DAYS = "user_days";
    /** Each user's active days as one aggregate row, filled from {@link #USER_DAYS} by a materialized view. */
    public static final String USER_ACTIVITY = "user_activity";
    /**
     * Events per project and hour, filled from {@link #EVENTS_TABLE} by a materialized view: a hint of where a
     * project's newest events are, never an answer.
     */
    public static final String EVENT_HOURS = "event_hours";
    public static final String PURCHASES = "purchases";
    public static final String LOGS_TABLE = "logs";
    public static final String WEBHOOK_ATTEMPTS = "webhook_attempts";
    /** Web analytics events (source web) with the tracker's fields as columns, filled from the unique events. */
    public static final String WEB_EVENTS = "web_events";
    /**
     * Web analytics sessions computed by the analytics stage, one row per published state (the latest, by
     * {@code version}, wins).
     */
    public static final String WEB_SESSIONS = "web_sessions";
    /** The alerts that fired, one row per record of the topic alerts (GQL's {@code from:alert_events}). */
    public static final String ALERT_EVENTS = "alert_events";
    /**
     * Schema discovery (GoodLogs' {@code /v1/schema}): event names and property keys of events and logs with their
     * types, examples and volumes; removed with the project's events.
     */
    public static final String SCHEMA_FIELDS = "schema_fields";
    public static final String SINK_DEAD_LETTERS = "sink_dead_letters";
    /** The versions of the migrations applied. */
    public static final String SCHEMA_MIGRATIONS = "schema_migrations";

    /** Every table; the raw events first (erasure and project deletion count them). */
    public static final List<Table> ALL = List.of(
            new Table(EVENTS_TABLE, EVENTS, true, Topics.EVENTS_UNIQUE),
            new Table(FUNNEL_EVENTS, EVENTS, true, EVENTS_TABLE),
            new Table(SESSIONS, EVENTS, true, Topics.SESSIONS),
            new Table(SESSIONS_BY_START, EVENTS, true, SESSIONS),
            new Table(FUNNEL_STEPS, EVENTS, false, Topics.FUNNEL_STEPS),
            new Table(FUNNEL_USER_LEVELS, EVENTS, true, Topics.FUNNEL_LEVELS),
            new Table(USER_DAYS, EVENTS, true, Topics.USER_DAYS),
            new Table(USER_ACTIVITY, EVENTS, true, USER_DAYS),
            new Table(EVENT_HOURS, EVENTS, false, EVENTS_TABLE),
            new Table(PURCHASES, EVENTS, true, Topics.PURCHASES),
            new Table(WEB_EVENTS, EVENTS, true, Topics.EVENTS_UNIQUE),
            new Table(WEB_SESSIONS, EVENTS, true, Topics.WEB_SESSIONS),
            new Table(ALERT_EVENTS, ALERTS, false, Topics.ALERTS),
            new Table(SCHEMA_FIELDS, EVENTS, false, Topics.SCHEMA_FIELDS),
            new Table(LOGS_TABLE, LOGS, false, Topics.LOGS_UNIQUE),
            new Table(WEBHOOK_ATTEMPTS, DELIVERIES, false, Topics.WEBHOOK_ATTEMPTS),
            new Table(SINK_DEAD_LETTERS, DEAD_LETTERS, false, "the sinks"),
            new Table(SCHEMA_MIGRATIONS, SCHEMA, false, "the migrations"));

    /** The topics of what projects send, as accepted: a table a sink fills straight from one holds a raw copy. */
    private static final Set<String> RAW_TOPICS = Set.of(Topics.EVENTS_UNIQUE, Topics.LOGS_UNIQUE);
    /**
     * Derived tables purged with the raw data all the same: web sessions are read beside the web events they come
     * from, so they expire with them (by their first event's time).
     */
    private static final Set<String> PURGED_WITH_RAW = Set.of(WEB_SESSIONS);

    private Tables() {
    }

    /** The tables with rows per user, the raw events first: what a user's erasure deletes. */
    public static List<String> perUser() {
        return ALL.stream().filter(Table::perUser).map(Table::name).toList();
    }

    /** The tables of a project's events and what derives from them, the raw events first. */
    public static List<String> eventData() {
        return ALL.stream().filter(table -> table.data() == EVENTS).map(Table::name).toList();
    }

    /**
     * What a project's deletion of its events removes: the event data ({@link #eventData()}, the raw events first)
     * and the alerts that fired.
     */
    public static List<String> projectDeletion() {
        return ALL.stream().filter(table -> table.data() == EVENTS || table.data() == ALERTS).map(Table::name)
                .toList();
    }

    /**
     * The tables holding a raw copy of what projects sent (every table a sink fills straight from the accepted events
     * or log entries), the raw events first, and the web sessions: what a plan's retention purges. What else views
     * and the analytics derive, and the alerts that fired, are not raw copies and stay.
     */
    public static List<String> rawData() {
        return ALL.stream().filter(table -> RAW_TOPICS.contains(table.filledBy())
                || PURGED_WITH_RAW.contains(table.name())).map(Table::name).toList();
    }
}
