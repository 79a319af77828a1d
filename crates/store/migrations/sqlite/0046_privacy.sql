-- Privacy requests (docs/TRUST.md, "Privacy"): a person asks for their
-- data (the export is made at once and kept for download a few days) or
-- its erasure (done by staff before the deadline); one pending request of
-- each kind per person.
CREATE TABLE privacy_requests (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    completed_at INTEGER,
    completed_by INTEGER REFERENCES people (id),
    export_json TEXT,
    download_until INTEGER,
    note TEXT
);
CREATE UNIQUE INDEX privacy_requests_pending ON privacy_requests (person_id, kind) WHERE status = 'pending';
CREATE INDEX privacy_requests_person ON privacy_requests (person_id, id);
CREATE INDEX privacy_requests_status ON privacy_requests (status, due_at);
