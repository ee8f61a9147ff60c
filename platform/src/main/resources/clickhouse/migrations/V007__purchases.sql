-- Revenue events with their exact amount (Decimal: sums are exact; floats would lose cents).
CREATE TABLE IF NOT EXISTS purchases (
    project_id String,
    event_id String,
    user_id String,
    ts_ms Int64,
    amount Decimal(38, 10),
    kafka_partition UInt16,
    kafka_offset UInt64
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(toDateTime(intDiv(ts_ms, 1000)))
ORDER BY (project_id, ts_ms, event_id)
