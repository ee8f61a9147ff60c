-- The sessions again, keyed by start, for the reads by time range (GET /sessions without user_id): FINAL then merges
-- only the range's rows, where on the sessions table it merged every session of the project. Filled from sessions by
-- the view of V013: each version of a session is a row under its start, and when a version moves the start back, a
-- deleted row under the old start replaces the row stored there (the version is the Kafka offset, as in sessions).
-- row_start_ms is the start a row is filed under, row_deleted whether it is deleted; read with FINAL and
-- row_deleted = 0 (a live row's row_start_ms is its session's start). They are not named start_ms and deleted so that
-- the view's aliases never shadow the columns of sessions it reads.
CREATE TABLE IF NOT EXISTS sessions_by_start (
    project_id String,
    row_start_ms Int64,
    user_id String,
    session_id String,
    inferred UInt8,
    end_ms Int64,
    event_count UInt64,
    entry_action String,
    exit_action String,
    row_deleted UInt8,
    kafka_partition UInt16,
    kafka_offset UInt64
) ENGINE = ReplacingMergeTree(kafka_offset)
ORDER BY (project_id, row_start_ms, user_id, session_id)
