-- Each user's level in each funnel over all of the user's events of the funnel, as the stream-processors last
-- published it (newest row of a key wins: the version is the Kafka offset, and a key's records share a partition).
-- /funnel answers from it when the range holds every event of the funnel and the window and step order match; see
-- FunnelRepository. Read with FINAL.
CREATE TABLE IF NOT EXISTS funnel_user_levels (
    project_id String,
    funnel String,
    user_id String,
    level UInt8,
    steps String,
    window_ms Int64,
    first_ms Int64,
    last_ms Int64,
    kafka_partition UInt16,
    kafka_offset UInt64
) ENGINE = ReplacingMergeTree(kafka_offset)
ORDER BY (project_id, funnel, user_id)
