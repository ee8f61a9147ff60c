package dev.eventlane.streams.config;

import java.util.List;
import java.util.Set;

import dev.eventlane.schemas.kafka.DeadLetterTopic;

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
    /** Users' levels in funnels over all their events; keyed by project, funnel and user, compacted. */
    public static final String FUNNEL_LEVELS = "funnel-levels";
    /** One record per project, user and active UTC day; keyed by project and user. */
    public static final String USER_DAYS = "user-days";
    /** Revenue events with exact amounts; keyed by project and user. */
    public static final String PURCHASES = "purchases";
    /** Log entries as ingest accepted them (GoodLogs, LogFlux); keyed by project and node. */
    public static final String LOGS = "logs";
    /** Project webhook endpoints from the control plane; keyed by project and endpoint, compacted. */
    public static final String WEBHOOK_ENDPOINTS = "webhook-endpoints";
    /** GoodLogs alert rules from the control plane; keyed by project and rule, compacted. */
    public static final String ALERT_RULES = "alert-rules";
    /** Alerts for webhook subscribers (churn spikes, revenue drops, rule alerts, notifications); keyed by project. */
    public static final String ALERTS = "alerts";
    /** Attempts to deliver alerts to endpoints, with their outcome; keyed by project. */
    public static final String WEBHOOK_ATTEMPTS = "webhook-attempts";
    /** Deliveries given up after retrying for the give-up period; keyed by project. */
    public static final String WEBHOOKS_DEAD_LETTER = "webhooks-dead-letter";
    /**
     * Records a stage could not process (undecodable, failing in a processor, or refused by ClickHouse for their
     * content), with their source, the component and the reason (see {@link DeadLetterTopic}).
     */
    public static final String DEAD_LETTERS = DeadLetterTopic.TOPIC;

    public static final List<String> ALL = List.of(EVENTS, EVENTS_UNIQUE, SESSIONS, FUNNEL_STEPS,
            FUNNEL_PROGRESS, FUNNEL_LEVELS, USER_DAYS, PURCHASES, LOGS, WEBHOOK_ENDPOINTS, ALERT_RULES, ALERTS,
            WEBHOOK_ATTEMPTS, WEBHOOKS_DEAD_LETTER, DEAD_LETTERS);
    /** Topics where only the latest record of a key matters. */
    public static final Set<String> COMPACTED = Set.of(FUNNEL_LEVELS, WEBHOOK_ENDPOINTS, ALERT_RULES);

    private Topics() {
    }
}
