-- The funnel step catalog: each row says "this action of this funnel was seen as early as first_ms". Rows only ever
-- move earlier, so min(first_ms) per action is the catalog, whatever merges have or have not happened.
CREATE TABLE IF NOT EXISTS funnel_steps (
    project_id String,
    funnel String,
    action String,
    first_ms Int64,
    kafka_partition UInt16,
    kafka_offset UInt64
) ENGINE = MergeTree()
ORDER BY (project_id, funnel, action)
