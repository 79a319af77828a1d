-- What the assistant understood of a ticket's first message, for routing,
-- queues and reports.
ALTER TABLE tickets ADD COLUMN intent TEXT;
ALTER TABLE tickets ADD COLUMN sentiment TEXT;
CREATE INDEX tickets_intent ON tickets (intent, id);
