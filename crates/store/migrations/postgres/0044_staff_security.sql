-- Staff accounts' security (docs/SECURITY.md): password reset links
-- (hashed, single use, one hour), the second factor (a TOTP secret and the
-- last time step it accepted, so a code works once), recovery codes
-- (hashed, each once), the short-lived step between password and code,
-- the roles that must use a second factor, and where a session began.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX password_resets_person ON password_resets (person_id, created_at);

CREATE TABLE second_factors (
    person_id BIGINT PRIMARY KEY REFERENCES people (id),
    secret TEXT NOT NULL,
    -- NULL while being set up: a code confirms it.
    confirmed_at BIGINT,
    last_step BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE recovery_codes (
    person_id BIGINT NOT NULL REFERENCES people (id),
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (person_id, code_hash)
);

CREATE TABLE second_factor_challenges (
    token_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id),
    client TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE second_factor_roles (
    role TEXT PRIMARY KEY
);

ALTER TABLE sessions ADD COLUMN client TEXT;
