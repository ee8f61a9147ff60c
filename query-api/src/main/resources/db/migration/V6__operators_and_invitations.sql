-- Instance administrators (operators) set plans. Org members join by an invitation token the owner hands over and
-- the invited person accepts; only its hash is stored, and it works once.
ALTER TABLE users ADD COLUMN operator boolean NOT NULL DEFAULT false;

CREATE TABLE org_invitations (
    id          uuid PRIMARY KEY,
    org_id      uuid        NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    token_hash  text        NOT NULL UNIQUE,
    role        text        NOT NULL,
    created_by  uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    accepted_by uuid        REFERENCES users (id) ON DELETE SET NULL,
    accepted_at timestamptz
);
CREATE INDEX org_invitations_org ON org_invitations (org_id);
