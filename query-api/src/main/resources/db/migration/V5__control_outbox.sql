-- The transactional outbox of the control plane: a change to keys, webhooks, alert rules or plans and the records
-- it publishes on the compacted topics commit together; OutboxRelay publishes the rows in id order and deletes
-- them. Writers insert under one advisory lock held to their commit, so ids follow commit order.
CREATE TABLE control_outbox (
    id           bigserial PRIMARY KEY,
    topic        text        NOT NULL,
    -- UTF-8 bytes, not text: keys of owned records hold a NUL separator, which text cannot.
    record_key   bytea       NOT NULL,
    -- The serialized value as the topic's consumers read it; null is a tombstone.
    record_value bytea,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX control_outbox_topic ON control_outbox (topic);
