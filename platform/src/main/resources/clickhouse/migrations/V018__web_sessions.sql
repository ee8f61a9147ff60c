-- Web analytics sessions (the tracker's session_id), computed by the analytics stage of stream-processors and written
-- only by its sink from the topic web-sessions, with each row's Kafka partition and offset (to resume exactly after the
-- last row held). A session is published again each time it changed; version is its event count, which grows with
-- every publication, so the row with the highest version is the session as it stands: readers take it with argMax
-- (GROUP BY session_id), which is exact before the background merges have replaced the older rows too.
-- ts_ms is the session's first event (the time a session belongs to a range by, and retention purges by); user_id is
-- the tracker's visitor (what a user's erasure deletes). flow_paths holds the first five pageview paths in order.
CREATE TABLE IF NOT EXISTS web_sessions (
    project_id String,
    session_id String,
    user_id String,
    ts_ms Int64,
    last_ms Int64,
    version UInt64,
    event_count UInt64,
    pageviews UInt64,
    entry_path String,
    exit_path String,
    flow_paths Array(String),
    country String,
    browser String,
    os String,
    device String,
    referrer_host String,
    utm_source String,
    utm_medium String,
    utm_campaign String,
    kafka_partition UInt16,
    kafka_offset UInt64,
    ts DateTime MATERIALIZED toDateTime(intDiv(ts_ms, 1000))
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(ts)
ORDER BY (project_id, session_id, user_id)
SETTINGS index_granularity = 8192
