-- Mail received (over SMTP now, IMAP later): the raw message is stored
-- before anything parses it, and worked through as a queue, so a crash or a
-- parser failure never loses a message that was accepted.
CREATE TABLE inbound_mail (
    id INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL,
    source TEXT NOT NULL,
    envelope_from TEXT NOT NULL,
    envelope_to TEXT NOT NULL,
    raw BLOB NOT NULL,
    size_bytes INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    outcome TEXT,
    ticket_id INTEGER REFERENCES tickets (id),
    processed_at INTEGER
);
CREATE INDEX inbound_mail_due ON inbound_mail (next_attempt_at) WHERE processed_at IS NULL;

-- The Message-ID of a message that came or went by email: replies thread by it.
ALTER TABLE messages ADD COLUMN email_message_id TEXT;
CREATE INDEX messages_email_message_id ON messages (email_message_id);

-- Threading headers of outgoing mail, and the ticket message it carries.
ALTER TABLE mail_outbox ADD COLUMN headers TEXT NOT NULL DEFAULT '{}';
ALTER TABLE mail_outbox ADD COLUMN message_id INTEGER REFERENCES messages (id);
