-- Escalation tiers and the service-level history (docs/ESCALATION.md).

-- Every escalation of a ticket: to which tier, why, by whom (none: the
-- desk itself, on a breach or the assistant's word).
CREATE TABLE ticket_escalations (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    tier INTEGER NOT NULL,
    reason TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    actor_id INTEGER REFERENCES people (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX ticket_escalations_ticket ON ticket_escalations (ticket_id, id);

-- The tier a ticket is at now (no row: first line), for the escalations view.
CREATE TABLE ticket_tiers (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets (id),
    tier INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ticket_tiers_tier ON ticket_tiers (tier, ticket_id);

-- Each clock's warning and breach, once per ticket: what the jobs already
-- acted on, and the history reports count.
CREATE TABLE sla_events (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    clock TEXT NOT NULL,
    event TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, clock, event)
);
CREATE INDEX sla_events_at ON sla_events (event, at);

-- Where a team's tickets go when they reach the second line.
ALTER TABLE teams ADD COLUMN escalation_team_id INTEGER REFERENCES teams (id);
