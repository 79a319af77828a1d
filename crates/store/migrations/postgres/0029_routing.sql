-- Routing: who takes a ticket (docs/ROUTING.md).

-- What an agent can take, with a level from 1 (can help) to 3 (expert or
-- native): languages, topics (the assistant's intents), membership tiers
-- and channels.
CREATE TABLE agent_skills (
    person_id BIGINT NOT NULL REFERENCES people (id),
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    level BIGINT NOT NULL,
    PRIMARY KEY (person_id, kind, value)
);

-- Open tickets an agent holds at once, per channel bucket (chat, email,
-- phone, other); agents without rows have the policy's capacity.
CREATE TABLE agent_capacity (
    person_id BIGINT NOT NULL REFERENCES people (id),
    bucket TEXT NOT NULL,
    max_open BIGINT NOT NULL,
    PRIMARY KEY (person_id, bucket)
);

-- Presence as the agent set it, their last activity (an online agent idle
-- too long counts as away) and their last assignment (round robin).
CREATE TABLE agent_presence (
    person_id BIGINT PRIMARY KEY REFERENCES people (id),
    status TEXT NOT NULL,
    changed_at BIGINT NOT NULL,
    active_at BIGINT NOT NULL,
    last_assigned_at BIGINT NOT NULL DEFAULT 0
);

-- A team's way of picking, its lead (told of breaches and escalations) and
-- where its unassigned tickets go after waiting too long.
ALTER TABLE teams ADD COLUMN routing TEXT NOT NULL DEFAULT 'least_loaded';
ALTER TABLE teams ADD COLUMN lead_id BIGINT REFERENCES people (id);
ALTER TABLE teams ADD COLUMN overflow_team_id BIGINT REFERENCES teams (id);
ALTER TABLE teams ADD COLUMN overflow_after_minutes BIGINT;

-- Why a ticket went to its agent: shown in their queue.
CREATE TABLE ticket_routing (
    ticket_id BIGINT PRIMARY KEY REFERENCES tickets (id),
    person_id BIGINT NOT NULL REFERENCES people (id),
    method TEXT NOT NULL,
    reasons TEXT NOT NULL,
    decided_at BIGINT NOT NULL
);

-- An agent's load, and the tickets waiting for one, without reading the
-- rest of the tickets.
CREATE INDEX tickets_open_load ON tickets (assignee_id, channel) WHERE status IN ('new', 'open') AND assignee_id IS NOT NULL;
CREATE INDEX tickets_unassigned ON tickets (team_id, id) WHERE status IN ('new', 'open') AND assignee_id IS NULL;
