-- The browser origins a project allows to send events with its public keys, comma-separated; empty allows any.
ALTER TABLE projects ADD COLUMN allowed_origins text NOT NULL DEFAULT '';
