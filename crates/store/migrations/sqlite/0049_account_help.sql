-- Help with customers' marketplace accounts (docs/TRUST.md): what support
-- asked the platform to do (a reset link, an unlock, a verification mail,
-- a new email, a second-factor reset, closing), one of a kind waiting per
-- person, with the platform's answer; and identity documents a customer
-- uploads for a check, kept only until an agent has reviewed them.
CREATE TABLE account_actions (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    check_id INTEGER REFERENCES identity_checks (id),
    action TEXT NOT NULL,
    new_email TEXT,
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    requested_by INTEGER REFERENCES people (id),
    requested_at INTEGER NOT NULL,
    result_note TEXT,
    result_at INTEGER
);
CREATE UNIQUE INDEX account_actions_waiting ON account_actions (person_id, action) WHERE status = 'requested';
CREATE INDEX account_actions_recent ON account_actions (requested_at);

CREATE TABLE identity_documents (
    id INTEGER PRIMARY KEY,
    check_id INTEGER NOT NULL REFERENCES identity_checks (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    token_hash TEXT NOT NULL UNIQUE,
    link_expires_at INTEGER NOT NULL,
    content_type TEXT,
    bytes BLOB,
    size INTEGER,
    requested_at INTEGER NOT NULL,
    uploaded_at INTEGER,
    reviewed_at INTEGER,
    deleted_at INTEGER
);
CREATE INDEX identity_documents_check ON identity_documents (check_id, id);
CREATE INDEX identity_documents_kept ON identity_documents (uploaded_at) WHERE bytes IS NOT NULL;
