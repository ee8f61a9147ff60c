-- Schema discovery (GoodLogs' /v1/schema): the running totals the stream-processors publish per project, kind
-- (event_name, event_property, log_property), name or key, type (string, number, boolean, object, array; empty for
-- event names) and origin (the partition that counted them), with up to five example values as a JSON array of
-- their JSON texts. An empty key holds what was over the caps. Each row is a full snapshot, so the newest row per
-- (project_id, kind, key, type, origin) is the truth: readers take argMax(..., kafka_offset), exact before and
-- after merges, which only drop older snapshots (all snapshots of a project share a topic partition, so offsets
-- order them). Written only by the stream-processors sink, which resumes after the highest offset held per
-- partition: that row is the newest of its key, never merged away.
CREATE TABLE IF NOT EXISTS schema_fields (
    project_id String,
    kind String,
    key String,
    type String,
    origin UInt16,
    volume UInt64,
    examples String,
    kafka_partition UInt16,
    kafka_offset UInt64
) ENGINE = ReplacingMergeTree(kafka_offset)
ORDER BY (project_id, kind, key, type, origin)
