-- The records each ClickHouse sink dead-lettered (sent to the topic dead-letters) instead of storing them: a record
-- that does not decode, or a row ClickHouse refuses for its content. The sink skips these offsets when it resumes, so
-- a dead-lettered record is not read and dead-lettered again after a restart.
CREATE TABLE IF NOT EXISTS sink_dead_letters (
    sink String,
    topic String,
    kafka_partition UInt16,
    kafka_offset UInt64,
    reason String,
    at DateTime DEFAULT now()
) ENGINE = MergeTree()
ORDER BY (sink, kafka_partition, kafka_offset)
