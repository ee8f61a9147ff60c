-- GoodLogs alert rules (/v1/alerts): a count of events (by name) or logs (by severity) over a sliding window,
-- compared with a threshold. query-api publishes every rule on the compacted topic alert-rules, from which the
-- stream-processors evaluate them. project_id is the API key's project: a control-plane project's id, or the name
-- a configured key gives its project, hence text and no foreign key. A deleted rule keeps its row (deleted_at), so
-- that the periodic republish repeats its tombstone when the one sent at deletion was lost.
CREATE TABLE alert_rules (
    id             uuid PRIMARY KEY,
    project_id     text        NOT NULL,
    name           text        NOT NULL,
    source         text        NOT NULL,
    match          text        NOT NULL,
    window_seconds bigint      NOT NULL,
    condition      text        NOT NULL,
    threshold      bigint      NOT NULL,
    enabled        boolean     NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    deleted_at     timestamptz
);
CREATE INDEX alert_rules_project ON alert_rules (project_id);
