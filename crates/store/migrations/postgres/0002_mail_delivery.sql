-- Delivery bookkeeping for the mail outbox: retries with backoff, and a lease
-- so that only one node sends a given message.
ALTER TABLE mail_outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE mail_outbox ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
