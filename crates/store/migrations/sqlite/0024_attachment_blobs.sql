-- Attachment contents in the database, keyed by their SHA-256, for nodes
-- that share no disk (PostgreSQL scale-out); SQLite keeps files by default.
CREATE TABLE attachment_blobs (
    sha256 TEXT PRIMARY KEY,
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
