-- One row per project, user and UTC day the user was active (published once by the stream-processors). DAU counts
-- users per day; a user's earliest day is the retention cohort.
CREATE TABLE IF NOT EXISTS user_days (
    project_id String,
    user_id String,
    day Date,
    kafka_partition UInt16,
    kafka_offset UInt64
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(day)
ORDER BY (project_id, day, user_id)
