-- The phone line (docs/POLICY.md, "The phone line"): each call the
-- provider's webhooks drove — who called, the menu path, the queue wait,
-- how it ended, the voicemail — for the customer's timeline.
CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    call_sid TEXT NOT NULL UNIQUE,
    from_number TEXT NOT NULL,
    to_number TEXT NOT NULL,
    team_id INTEGER,
    language TEXT NOT NULL,
    topic TEXT,
    order_id INTEGER,
    person_id INTEGER,
    -- What the caller chose, in order (`language:zh topic:orders order:240101`).
    path TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL,
    -- Why the caller left the queue before a person took the call.
    leave_reason TEXT,
    started_at INTEGER NOT NULL,
    queued_at INTEGER,
    wait_seconds INTEGER,
    recording_url TEXT,
    recording_seconds INTEGER,
    transcription TEXT,
    ticket_id INTEGER,
    updated_at INTEGER NOT NULL
);
CREATE INDEX calls_person ON calls (person_id, id);
CREATE INDEX calls_outcome ON calls (outcome, id);

-- Webhook signatures already answered: the same signed request again is a
-- replay (403). Rows older than a day are pruned.
CREATE TABLE webhook_signatures (
    signature TEXT PRIMARY KEY,
    seen_at INTEGER NOT NULL
);
CREATE INDEX webhook_signatures_seen ON webhook_signatures (seen_at);

-- A caller is matched by number; an order number typed on a keypad by its digits.
CREATE INDEX people_phone ON people (phone);
CREATE INDEX orders_phone ON orders (phone);
ALTER TABLE orders ADD COLUMN number_digits TEXT;
UPDATE orders SET number_digits = REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(UPPER(number), 'A', ''), 'B', ''), 'C', ''), 'D', ''), 'E', ''), 'F', ''), 'G', ''), 'H', ''), 'I', ''), 'J', ''), 'K', ''), 'L', ''), 'M', ''), 'N', ''), 'O', ''), 'P', ''), 'Q', ''), 'R', ''), 'S', ''), 'T', ''), 'U', ''), 'V', ''), 'W', ''), 'X', ''), 'Y', ''), 'Z', ''), '-', ''), '#', ''), '/', ''), '_', ''), '.', ''), ' ', '');
UPDATE orders SET number_digits = NULL WHERE number_digits = '';
CREATE INDEX orders_number_digits ON orders (number_digits);
-- Numbers are kept as + and digits, the way a provider sends a caller's.
UPDATE people SET phone = REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', '') WHERE phone IS NOT NULL;
UPDATE orders SET phone = REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', '') WHERE phone IS NOT NULL;
