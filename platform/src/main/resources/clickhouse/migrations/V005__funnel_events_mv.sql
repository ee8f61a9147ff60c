CREATE MATERIALIZED VIEW IF NOT EXISTS funnel_events_mv TO funnel_events AS
SELECT project_id, funnel, user_id, name, ts_ms, event_id FROM events WHERE funnel != ''
