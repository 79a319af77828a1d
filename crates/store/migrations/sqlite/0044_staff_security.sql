-- Staff accounts' security (docs/SECURITY.md): password reset links
-- (hashed, single use, one hour), the second factor (a TOTP secret and the
-- last time step it accepted, so a code works once), recovery codes
-- (hashed, each once), the short-lived step between password and code,
-- the roles that must use a second factor, and where a session began.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX password_resets_person ON password_resets (person_id, created_at);

CREATE TABLE second_factors (
    person_id INTEGER PRIMARY KEY REFERENCES people (id),
    secret TEXT NOT NULL,
    -- NULL while being set up: a code confirms it.
    confirmed_at INTEGER,
    last_step INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE recovery_codes (
    person_id INTEGER NOT NULL REFERENCES people (id),
    code_hash TEXT NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (person_id, code_hash)
);

CREATE TABLE second_factor_challenges (
    token_hash TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    client TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE second_factor_roles (
    role TEXT PRIMARY KEY
);

ALTER TABLE sessions ADD COLUMN client TEXT;
