-- IMAP mailboxes the desk fetches mail from. One node at a time holds a
-- mailbox (locked_by / locked_until, renewed while it watches); the last
-- UID taken and the folder's UIDVALIDITY survive restarts, so each message
-- is taken once.
CREATE TABLE mailboxes (
    id INTEGER PRIMARY KEY,
    address TEXT NOT NULL UNIQUE,
    imap_url TEXT NOT NULL,
    after_fetch TEXT NOT NULL DEFAULT 'flag',
    processed_folder TEXT,
    oauth TEXT,
    uid_validity INTEGER,
    last_uid INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'new',
    last_error TEXT,
    warning TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0,
    locked_by TEXT,
    last_checked_at INTEGER,
    messages_taken INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

-- A message fetched from a mailbox: its UIDVALIDITY:UID there, unique, so
-- a second fetch of it (a crash before the mark) stores nothing.
ALTER TABLE inbound_mail ADD COLUMN mailbox_id INTEGER REFERENCES mailboxes (id) ON DELETE SET NULL;
ALTER TABLE inbound_mail ADD COLUMN imap_key TEXT;
CREATE UNIQUE INDEX inbound_mail_imap ON inbound_mail (mailbox_id, imap_key);
-- The suspended list reads by outcome.
CREATE INDEX inbound_mail_outcome ON inbound_mail (outcome) WHERE processed_at IS NOT NULL;

-- People in copy on a ticket: they receive its public replies, and their
-- answers land on it.
CREATE TABLE ticket_cc (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, person_id)
);

-- The addresses of a message that came or went by email, as its headers
-- said them (JSON: from, to, cc).
ALTER TABLE messages ADD COLUMN email_addresses TEXT;

-- The Content-ID of an inline image, so the HTML that shows it (`cid:`)
-- can point at the stored file.
ALTER TABLE attachments ADD COLUMN content_id TEXT;
