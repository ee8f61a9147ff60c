package dev.eventlane.platform.clickhouse;

/** What a {@link ClickHouseSink} reports as it works, for metrics. */
public interface SinkListener {

    /** A batch of {@code rows} was stored in {@code nanos}. */
    void batch(int rows, long nanos);

    /** ClickHouse refused a batch; it will be retried. */
    void insertFailed();

    /** Records not yet in ClickHouse: fetchable but not fetched, plus fetched but not yet written. */
    void lag(long records);

    /** A record went to the dead-letter topic instead of the table. */
    default void deadLettered() {
    }

    /** Committing offsets failed (the rows are stored); the commit will be retried. */
    default void commitFailed() {
    }

    /** The loop failed (Kafka or ClickHouse away) and starts again with a new consumer, from where ClickHouse is. */
    default void restarted() {
    }

    /** Ignores everything. */
    SinkListener NONE = new SinkListener() {
        @Override
        public void batch(int rows, long nanos) {
        }

        @Override
        public void insertFailed() {
        }

        @Override
        public void lag(long records) {
        }
    };
}
