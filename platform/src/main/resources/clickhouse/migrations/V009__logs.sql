-- Log entries, one row per accepted entry, written by the stream-processors sink (partition and offset as for
-- events: exactly once across crashes). Encrypted entries (LogFlux) keep the sealed payload exactly as the client
-- sent it, base64 as on the wire, and no message: the server never holds their key.
CREATE TABLE IF NOT EXISTS logs (
    project_id String,
    log_id String,
    source String,
    node String,
    level UInt8,
    severity String,
    ts_ms Int64,
    received_ms Int64,
    message String,
    encryption_mode UInt8,
    payload String,
    iv String,
    salt String,
    properties String,
    ip String,
    user_agent String,
    browser String,
    os String,
    device String,
    country String,
    kafka_partition UInt16,
    kafka_offset UInt64,
    ts DateTime MATERIALIZED toDateTime(intDiv(ts_ms, 1000))
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (project_id, ts_ms, log_id)
