-- Sessions stored before V013. Rows the view writes meanwhile carry newer versions and win over these.
INSERT INTO sessions_by_start (project_id, row_start_ms, user_id, session_id, inferred, end_ms, event_count,
    entry_action, exit_action, row_deleted, kafka_partition, kafka_offset)
SELECT project_id, start_ms, user_id, session_id, inferred, end_ms, event_count, entry_action, exit_action, deleted,
    kafka_partition, kafka_offset
FROM sessions FINAL
WHERE deleted = 0
