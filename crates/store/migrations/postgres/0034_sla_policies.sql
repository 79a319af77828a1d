-- Service-level policies chosen by conditions (docs/POLICY.md, [sla]) and
-- the next reply target. `sla_policy`: the name of the conditional policy
-- a ticket is held to (none: the default targets); `awaiting_since`: since
-- when a customer's reply, after the first answer, waits for the next one.
ALTER TABLE tickets ADD COLUMN sla_policy TEXT;
ALTER TABLE tickets ADD COLUMN awaiting_since BIGINT;
-- The breached view and the watch read both from the status index.
DROP INDEX tickets_status;
CREATE INDEX tickets_status ON tickets (status, id) INCLUDE (assignee_id, team_id, priority, first_response_at, created_at, sla_clock_start, sla_paused_at, sla_policy, awaiting_since);
