package dev.eventlane.schemas.pipeline;

/**
 * A ClickHouse table of Eventlane.
 *
 * @param name     the table's name
 * @param data     whose data it holds, which decides what deletes it
 * @param perUser  whether it has rows per user ({@code user_id}): a user's erasure deletes them
 * @param filledBy the topic whose sink fills it, or the table whose materialized view does
 */
public record Table(String name, Data data, boolean perUser, String filledBy) {

    /** What a table holds. */
    public enum Data {
        /** Raw events and what the analytics derive from them: a project's {@code DELETE /events} removes them. */
        EVENTS,
        /**
         * The alerts that fired, raised from a project's events (and logs): a project's {@code DELETE /events}
         * removes them with the events.
         */
        ALERTS,
        /** Log entries. */
        LOGS,
        /** Webhook delivery attempts. */
        DELIVERIES,
        /** Records the sinks could not store. */
        DEAD_LETTERS,
        /** The migrations applied (the schema's own bookkeeping). */
        SCHEMA
    }
}
