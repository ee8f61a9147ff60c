-- The alerts that fired (what GQL's from:alert_events reads): one row per record of the topic alerts, as raised by
-- the alerting stream-processors, whether or not a webhook endpoint received it. Written only by the
-- stream-processors sink, which stores each row's Kafka partition and offset to resume exactly after the last row
-- held. endpoint_id is empty for an alert sent to every endpoint of the project; payload is the JSON body POSTed.
CREATE TABLE IF NOT EXISTS alert_events (
    project_id String,
    alert_id String,
    kind String,
    endpoint_id String,
    ts_ms Int64,
    payload String,
    kafka_partition UInt16,
    kafka_offset UInt64,
    ts DateTime MATERIALIZED toDateTime(intDiv(ts_ms, 1000))
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (project_id, ts_ms, alert_id)
SETTINGS index_granularity = 8192
