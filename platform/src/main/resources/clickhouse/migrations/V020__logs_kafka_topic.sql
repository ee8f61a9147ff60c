-- The topic each log row was copied from: the sink reads logs-unique (the de-duplicated entries) where it read logs
-- before, and resumes after the highest offset stored per partition of its own topic only (the older rows hold the
-- offsets of logs).
ALTER TABLE logs ADD COLUMN kafka_topic String DEFAULT 'logs'
