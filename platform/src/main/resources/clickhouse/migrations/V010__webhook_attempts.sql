-- The delivery log of webhook endpoints: one row per attempt to deliver an alert, with its HTTP status (0: no
-- answer), latency, error and what came of the delivery (delivered, retrying, dead, dropped). Written by the
-- stream-processors sink from the topic webhook-attempts, exactly once.
CREATE TABLE IF NOT EXISTS webhook_attempts (
    project_id String,
    endpoint_id String,
    delivery_id String,
    alert_id String,
    kind String,
    attempt UInt32,
    at_ms Int64,
    status UInt16,
    latency_ms Int64,
    error String,
    outcome String,
    next_attempt_ms Int64,
    kafka_partition UInt16,
    kafka_offset UInt64
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(toDateTime(intDiv(at_ms, 1000)))
ORDER BY (project_id, endpoint_id, at_ms, delivery_id, attempt)
