-- Raw events, one row per accepted event. Written only by the stream-processors sink, which stores each row's Kafka
-- partition and offset so that after a crash it resumes exactly after the last row ClickHouse holds.
-- Event time is kept to the millisecond in ts_ms (18.16 has no DateTime64); ts is the second-precision copy that
-- windowFunnel, partitioning and day bucketing use.
CREATE TABLE IF NOT EXISTS events (
    project_id String,
    event_id String,
    source String,
    name String,
    user_id String,
    session_id String,
    funnel String,
    platform String,
    ts_ms Int64,
    received_ms Int64,
    data String,
    ip String,
    user_agent String,
    browser String,
    os String,
    device String,
    country String,
    kafka_partition UInt16,
    kafka_offset UInt64,
    ts DateTime MATERIALIZED toDateTime(intDiv(ts_ms, 1000))
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (project_id, ts_ms, event_id)
SETTINGS index_granularity = 8192
