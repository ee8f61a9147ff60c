-- Events per project and hour of event time (hour_ms: the hour's first millisecond), summed by merges: where a
-- project's newest events are, so that GET /events reads its newest-first page from the last hours only (see
-- EventRepository). Only ever a hint: a count too high (events deleted since) or too low (events not counted) makes
-- the read look further back, never changes its answer, so erasures and retention purges leave it alone; a project's
-- deletion removes its rows. Filled by event_hours_mv from every insert into events; the backfill counts the events
-- stored before (rows inserted while both run are counted twice, which only costs a wider read).
CREATE TABLE IF NOT EXISTS event_hours (
    project_id String,
    hour_ms Int64,
    events UInt64
) ENGINE = SummingMergeTree()
ORDER BY (project_id, hour_ms);

CREATE MATERIALIZED VIEW IF NOT EXISTS event_hours_mv TO event_hours AS
SELECT project_id, intDiv(ts_ms, 3600000) * 3600000 AS hour_ms, count() AS events
FROM events
GROUP BY project_id, hour_ms;

INSERT INTO event_hours (project_id, hour_ms, events)
SELECT project_id, intDiv(ts_ms, 3600000) * 3600000 AS hour_ms, count()
FROM events
GROUP BY project_id, hour_ms;
