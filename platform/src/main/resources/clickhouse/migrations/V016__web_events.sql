-- Web analytics events (page views and custom events of the browser tracker), one row per unique event of source
-- web, with the tracker's fields as typed columns. Written only by the stream-processors sink from the unique events,
-- which stores each row's Kafka partition and offset to resume exactly after the last row held (as for events).
-- user_id is the tracker's visitor (what a user's erasure deletes); props holds the custom properties as JSON.
CREATE TABLE IF NOT EXISTS web_events (
    project_id String,
    event_id String,
    user_id String,
    event_type String,
    name String,
    path String,
    url String,
    referrer String,
    referrer_host String,
    visitor_id String,
    session_id String,
    country String,
    browser String,
    os String,
    device String,
    screen_width UInt32,
    utm_source String,
    utm_medium String,
    utm_campaign String,
    utm_term String,
    utm_content String,
    props String,
    ts_ms Int64,
    kafka_partition UInt16,
    kafka_offset UInt64,
    ts DateTime MATERIALIZED toDateTime(intDiv(ts_ms, 1000))
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (project_id, ts_ms, event_id)
SETTINGS index_granularity = 8192
