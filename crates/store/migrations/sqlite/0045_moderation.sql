-- Reports of listings, users and messages (docs/TRUST.md): one open item
-- per reported thing, with its most severe reason and how many people
-- reported it (each person once); the reports with who to tell the
-- outcome; and the links of messages reported as phishing or off-platform
-- payment, which chat and ticket messages are checked against.
CREATE TABLE moderation_items (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    subject_ref TEXT NOT NULL,
    reason TEXT NOT NULL,
    severity INTEGER NOT NULL,
    reports INTEGER NOT NULL,
    excerpt TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    decision TEXT,
    decided_by INTEGER REFERENCES people (id),
    decided_at INTEGER,
    note TEXT,
    first_reported_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX moderation_items_open ON moderation_items (subject, subject_ref) WHERE status = 'open';
CREATE INDEX moderation_items_queue ON moderation_items (status, severity, reports, first_reported_at);

CREATE TABLE moderation_reports (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES moderation_items (id),
    -- SHA-256 of the reporter's email: one report per person and item.
    reporter_key TEXT NOT NULL,
    reporter_email TEXT NOT NULL,
    reporter_id INTEGER REFERENCES people (id),
    language TEXT NOT NULL,
    reason TEXT NOT NULL,
    details TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (item_id, reporter_key)
);

CREATE TABLE reported_links (
    link TEXT PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES moderation_items (id),
    created_at INTEGER NOT NULL
);
