-- The inbox views narrow a status's tickets by assignee, team and service
-- level clocks. With those columns in the status index a page skips the
-- tickets it does not show without reading each one's row: the
-- breached-SLA view read the row of every recent unsolved ticket before
-- finding a breached one (6 ms a page behind 20,000 fresh tickets).
DROP INDEX tickets_status;
CREATE INDEX tickets_status ON tickets (status, id, assignee_id, team_id, priority, first_response_at, created_at);
