package dev.eventlane.schemas.pipeline;

import static dev.eventlane.schemas.pipeline.Topic.PIPELINE_PARTITIONS;
import static dev.eventlane.schemas.pipeline.Topic.Service.INGEST_API;
import static dev.eventlane.schemas.pipeline.Topic.Service.QUERY_API;
import static dev.eventlane.schemas.pipeline.Topic.Service.STREAM_PROCESSORS;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every Kafka topic of Eventlane: the one place their names are spelled. Every record on them is Avro (see this
 * module's schemas). Services, scripts ({@link Catalogue}) and the helm chart take the names from here.
 */
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
    /** Web analytics sessions (the tracker's session_id), newest state last; keyed by project and visitor. */
    public static final String WEB_SESSIONS = "web-sessions";
    /**
     * Schema discovery's running totals per event name and property key (with types and examples), per origin
     * partition; keyed by project.
     */
    public static final String SCHEMA_FIELDS = "schema-fields";
    /** Log entries as ingest accepted them (GoodLogs, LogFlux), retries included; keyed by project and node. */
    public static final String LOGS = "logs";
    /** Each log entry once; keyed by project and node. */
    public static final String LOGS_UNIQUE = "logs-unique";
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
     * content), with their source, the component and the reason (see {@code DeadLetterTopic}).
     */
    public static final String DEAD_LETTERS = "dead-letters";
    /** Every API key's grant from the control plane; keyed by the key's hash, compacted. */
    public static final String API_KEYS = "api-keys";
    /**
     * Accepted events per project, day and ingest instance (daily allowances), and LogFlux requests per key in the
     * current minute; compacted, then deleted.
     */
    public static final String USAGE = "usage";

    /** The largest record on the logs and dead-letter topics (ingest-api's producer allows the same). */
    public static final int LARGE_RECORD_BYTES = 2 * 1024 * 1024;
    /** How long usage counts are kept: they are needed for today only; two days leave room for clocks and zones. */
    public static final long USAGE_RETENTION_MS = 2L * 24 * 60 * 60 * 1000;

    private static final Map<String, String> DELETE = Map.of();
    private static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact");
    private static final Map<String, String> LARGE = Map.of("max.message.bytes", Integer.toString(LARGE_RECORD_BYTES));

    /** Every topic, in the order of the pipeline. */
    public static final List<Topic> ALL = List.of(
            pipeline(EVENTS, DELETE, "events as ingest accepted them, retries included; key: project and user"),
            pipeline(EVENTS_UNIQUE, DELETE, "each event once; key: project and user"),
            pipeline(SESSIONS, DELETE, "session states, newest last; key: project and user"),
            pipeline(FUNNEL_STEPS, DELETE, "earliest time of each funnel action; key: project and funnel"),
            pipeline(FUNNEL_PROGRESS, DELETE, "changes of users' funnel levels; key: project and user"),
            pipeline(FUNNEL_LEVELS, COMPACT, "users' funnel levels; key: project, funnel and user"),
            pipeline(USER_DAYS, DELETE, "one record per active user and UTC day; key: project and user"),
            pipeline(PURCHASES, DELETE, "revenue events with exact amounts; key: project and user"),
            pipeline(WEB_SESSIONS, DELETE, "web sessions, newest state last; key: project and visitor"),
            pipeline(SCHEMA_FIELDS, DELETE, "schema discovery's running totals per name and key; key: project"),
            pipeline(LOGS, LARGE, "log entries as ingest accepted them, retries included; key: project and node"),
            pipeline(LOGS_UNIQUE, LARGE, "each log entry once; key: project and node"),
            pipeline(WEBHOOK_ENDPOINTS, COMPACT, "webhook endpoints (control plane); key: project and endpoint"),
            pipeline(ALERT_RULES, COMPACT, "alert rules (control plane); key: project and rule"),
            pipeline(ALERTS, DELETE, "alerts for webhook subscribers; key: project"),
            pipeline(WEBHOOK_ATTEMPTS, DELETE, "webhook delivery attempts and outcomes; key: project"),
            pipeline(WEBHOOKS_DEAD_LETTER, DELETE, "deliveries given up; key: project"),
            pipeline(DEAD_LETTERS, LARGE, "records a stage could not process, with source and reason"),
            new Topic(API_KEYS, 1, COMPACT, QUERY_API, "API key grants (control plane); key: the key's hash"),
            new Topic(USAGE, 1, Map.of("cleanup.policy", "compact,delete",
                    "retention.ms", Long.toString(USAGE_RETENTION_MS)), INGEST_API,
                    "accepted events per project, day and ingest instance (key: project, day and instance), and"
                    + " requests per key in the current minute (key: 'requests', key and instance)"));

    private Topics() {
    }

    /** The topic of that name, if it is one of Eventlane's. */
    public static Optional<Topic> named(String name) {
        return ALL.stream().filter(topic -> topic.name().equals(name)).findFirst();
    }

    /** The topics {@code service} creates when missing. */
    public static List<Topic> createdBy(Topic.Service service) {
        return ALL.stream().filter(topic -> topic.creator() == service).toList();
    }

    private static Topic pipeline(String name, Map<String, String> configs, String contents) {
        return new Topic(name, PIPELINE_PARTITIONS, configs, STREAM_PROCESSORS, contents);
    }
}
