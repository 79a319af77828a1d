-- Triggers and automations (docs/AUTOMATIONS.md): the rule as JSON (the
-- domain's `rules::Rule`), with what lists and orders them beside it.
CREATE TABLE rules (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL DEFAULT 0,
    enabled INTEGER NOT NULL DEFAULT 1,
    definition TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- An automation acts on a ticket once per version of the ticket: the
-- ticket's updated_at after the run, so it fires again only once someone
-- changed the ticket.
CREATE TABLE rule_runs (
    rule_id INTEGER NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    ticket_updated_at INTEGER NOT NULL,
    ran_at INTEGER NOT NULL,
    PRIMARY KEY (rule_id, ticket_id)
);
