-- Suspicious activity (docs/TRUST.md): signals the platform reports about
-- a customer's marketplace account, each with its "was this you?" link
-- (hashed) and the answer; and the identity checks agents run before a
-- frozen account is given back (each step kept, one open check a person).
CREATE TABLE account_signals (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    answer TEXT,
    answered_at INTEGER,
    ticket_id INTEGER REFERENCES tickets (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX account_signals_person ON account_signals (person_id, created_at);

CREATE TABLE identity_checks (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    ticket_id INTEGER REFERENCES tickets (id),
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    steps TEXT NOT NULL DEFAULT '[]',
    started_at INTEGER NOT NULL,
    decided_by INTEGER REFERENCES people (id),
    decided_at INTEGER
);
CREATE UNIQUE INDEX identity_checks_open ON identity_checks (person_id) WHERE status = 'open';
CREATE INDEX identity_checks_status ON identity_checks (status, started_at);
