-- Sessions as the stream-processors last published them: every change of a session is a new row, and the newest row
-- of (project_id, user_id, session_id) wins (the version is the Kafka offset; a session's records share a partition).
-- A session merged into another gets a final row with deleted = 1. Read with FINAL and deleted = 0.
-- Not partitioned: a session's start can move back across any boundary, and replacing works within a partition.
CREATE TABLE IF NOT EXISTS sessions (
    project_id String,
    user_id String,
    session_id String,
    inferred UInt8,
    start_ms Int64,
    end_ms Int64,
    event_count UInt64,
    entry_action String,
    exit_action String,
    deleted UInt8,
    kafka_partition UInt16,
    kafka_offset UInt64
) ENGINE = ReplacingMergeTree(kafka_offset)
ORDER BY (project_id, user_id, session_id)
