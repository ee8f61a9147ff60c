package dev.eventlane.schemas.pipeline;

import java.util.List;
import java.util.Optional;

/** Every ClickHouse sink of stream-processors: which topic fills which table, under which consumer group. */
public final class Sinks {

    /** The raw events' sink group; it kept the name it had before there were other sinks. */
    public static final String EVENTS_GROUP = "eventlane-clickhouse-sink";
    /** The other sinks' groups are this, a dash and their table. */
    public static final String GROUP_PREFIX = "eventlane-clickhouse-sink";

    public static final List<Sink> ALL = List.of(
            new Sink(Topics.EVENTS_UNIQUE, Tables.EVENTS_TABLE, EVENTS_GROUP),
            derived(Topics.EVENTS_UNIQUE, Tables.WEB_EVENTS),
            derived(Topics.SESSIONS, Tables.SESSIONS),
            derived(Topics.FUNNEL_STEPS, Tables.FUNNEL_STEPS),
            derived(Topics.FUNNEL_LEVELS, Tables.FUNNEL_USER_LEVELS),
            derived(Topics.USER_DAYS, Tables.USER_DAYS),
            derived(Topics.PURCHASES, Tables.PURCHASES),
            derived(Topics.WEB_SESSIONS, Tables.WEB_SESSIONS),
            derived(Topics.LOGS_UNIQUE, Tables.LOGS_TABLE),
            derived(Topics.WEBHOOK_ATTEMPTS, Tables.WEBHOOK_ATTEMPTS),
            derived(Topics.ALERTS, Tables.ALERT_EVENTS),
            derived(Topics.SCHEMA_FIELDS, Tables.SCHEMA_FIELDS));

    private Sinks() {
    }

    /** The sink that fills {@code table}. */
    public static Optional<Sink> filling(String table) {
        return ALL.stream().filter(sink -> sink.table().equals(table)).findFirst();
    }

    /** The sinks that read {@code topic}: more than one when several tables hold parts of it. */
    public static List<Sink> allReading(String topic) {
        return ALL.stream().filter(sink -> sink.topic().equals(topic)).toList();
    }

    /** The first sink that reads {@code topic} (of the unique events: the raw events' sink). */
    public static Sink reading(String topic) {
        return ALL.stream().filter(sink -> sink.topic().equals(topic)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sink reads " + topic));
    }

    /**
     * The sinks of topics derived per user from the unique events (the analytics stage's output): an erasure waits
     * until each has stored everything up to the user's erasure.
     */
    public static List<Sink> derivedPerUser() {
        return ALL.stream().filter(sink -> !sink.topic().equals(Topics.EVENTS_UNIQUE))
                .filter(sink -> Tables.perUser().contains(sink.table())).toList();
    }

    private static Sink derived(String topic, String table) {
        return new Sink(topic, table, GROUP_PREFIX + "-" + table);
    }
}
