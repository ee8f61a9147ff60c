-- One row under the session's start, and a deleted row under the start it was published with before, if that moved.
CREATE MATERIALIZED VIEW IF NOT EXISTS sessions_by_start_mv TO sessions_by_start AS
SELECT project_id, arrayJoin(if(replaced_start_ms = 0, [start_ms], [start_ms, replaced_start_ms])) AS row_start_ms,
    user_id, session_id, inferred, end_ms, event_count, entry_action, exit_action,
    deleted OR row_start_ms = replaced_start_ms AS row_deleted, kafka_partition, kafka_offset
FROM sessions
