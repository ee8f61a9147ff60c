-- The events that belong to a funnel, ordered for funnel queries: one funnel's events of a time range are one
-- contiguous read. Filled by the funnel_events_mv materialized view from every insert into events.
CREATE TABLE IF NOT EXISTS funnel_events (
    project_id String,
    funnel String,
    user_id String,
    name String,
    ts_ms Int64,
    event_id String
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(toDateTime(intDiv(ts_ms, 1000)))
ORDER BY (project_id, funnel, ts_ms, user_id)
