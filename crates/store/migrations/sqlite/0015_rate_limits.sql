-- Limits on the public doors, shared by every node: one fixed-window counter
-- per limit and key. Keys are SHA-256 hex of the normalized key (an email, an
-- order number, a client address), so a row has a fixed size whatever was sent.
CREATE TABLE rate_limits (
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (name, key)
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);

-- One-time links that lift the wrong-password lock of a staff account,
-- mailed to the account's address; stored as SHA-256.
CREATE TABLE unlock_links (
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
