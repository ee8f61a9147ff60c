package dev.eventlane.schemas.clickhouse;

/** What a {@link ClickHouseSink} reports as it works, for metrics. */
public interface SinkListener {

    /** A batch of {@code rows} was stored in {@code nanos}. */
    void batch(int rows, long nanos);

    /** ClickHouse refused a batch; it will be retried. */
    void insertFailed();

    /** Records not yet in ClickHouse: fetchable but not fetched, plus fetched but not yet written. */
    void lag(long records);

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
