-- The start under which a session was published before, when a late event moved its start back (0 otherwise). The
-- sessions_by_start view (V013) turns it into a deleted row under the old start.
ALTER TABLE sessions ADD COLUMN replaced_start_ms Int64 DEFAULT 0
