package dev.eventlane.streams.config;

import java.util.List;

/** Eventlane's topics. Every record on them is Avro (see the {@code schemas} module). */
public final class Topics {

    /** Events as ingest accepted them, retries included; keyed by project and user. */
    public static final String EVENTS = "events";
    /** Each event once; keyed by project and user. */
    public static final String EVENTS_UNIQUE = "events-unique";
    /** Session states, newest last; keyed by project and user. */
    public static final String SESSIONS = "sessions";
    /** Earliest times of funnel actions (the step catalog); keyed by project and funnel. */
    public static final String FUNNEL_STEPS = "funnel-steps";
    /** Changes of users' levels in funnels; keyed by project and user. */
    public static final String FUNNEL_PROGRESS = "funnel-progress";
    /** One record per project, user and active UTC day; keyed by project and user. */
    public static final String USER_DAYS = "user-days";
    /** Revenue events with exact amounts; keyed by project and user. */
    public static final String PURCHASES = "purchases";

    public static final List<String> ALL = List.of(EVENTS, EVENTS_UNIQUE, SESSIONS, FUNNEL_STEPS,
            FUNNEL_PROGRESS, USER_DAYS, PURCHASES);

    private Topics() {
    }
}
