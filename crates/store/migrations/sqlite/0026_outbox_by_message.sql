-- A ticket page shows how each message's email fared: looked up by message,
-- so the read stays flat however many mails the outbox has kept.
CREATE INDEX mail_outbox_message ON mail_outbox (message_id) WHERE message_id IS NOT NULL;
