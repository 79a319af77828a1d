-- Satisfaction surveys (docs/METRICS.md, "CSAT"): one per ticket, asked
-- when it is first solved, answered once through a link whose secret is
-- kept hashed, until it expires.
CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets (id),
    token_hash TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    rating INTEGER,
    comment TEXT,
    answered_at INTEGER
);
CREATE INDEX surveys_answered ON surveys (answered_at);
