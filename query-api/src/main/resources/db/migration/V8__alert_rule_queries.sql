-- An alert rule may have a GQL condition instead of a match: the query as its author wrote it. query-api compiles
-- it into the filter the rules topic carries; source and window_seconds hold what the query names, match is empty.
ALTER TABLE alert_rules ADD COLUMN query text;
