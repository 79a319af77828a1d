-- The resolution clock pauses while a ticket waits for the customer
-- (pending) or for someone else (on hold). `sla_clock_start` is where the
-- clock counts from: the creation, moved later by the counted time of
-- every pause that ended; `sla_paused_at` is when the current pause began.
ALTER TABLE tickets ADD COLUMN sla_clock_start BIGINT;
ALTER TABLE tickets ADD COLUMN sla_paused_at BIGINT;
UPDATE tickets SET sla_clock_start = created_at;
-- Tickets waiting now have waited since their last change, as far as is known.
UPDATE tickets SET sla_paused_at = updated_at WHERE status IN ('pending', 'on_hold');
-- The breached view reads the clock's start and pause from the status index.
DROP INDEX tickets_status;
CREATE INDEX tickets_status ON tickets (status, id, assignee_id, team_id, priority, first_response_at, created_at, sla_clock_start, sla_paused_at);
