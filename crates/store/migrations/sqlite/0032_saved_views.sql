-- Inbox views agents save: their filters, sort and columns as JSON; a
-- view without an owner is shared with every agent.
CREATE TABLE saved_views (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER REFERENCES people (id),
    name TEXT NOT NULL,
    params TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX saved_views_owner ON saved_views (owner_id, id);
