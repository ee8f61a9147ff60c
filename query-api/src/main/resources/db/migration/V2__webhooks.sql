-- Webhook endpoints of a project: where alerts of the chosen kinds are POSTed, signed with the endpoint's secret.
-- The dispatcher signs with the secret itself, so it is kept (the API shows it once, at creation, never again).
CREATE TABLE webhooks (
    id UUID PRIMARY KEY,
    project_id UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    kinds TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    deleted_at TIMESTAMPTZ
);
CREATE INDEX webhooks_project ON webhooks (project_id);
