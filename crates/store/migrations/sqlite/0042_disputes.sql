-- Buyer–seller cases (docs/DISPUTES.md): one per order and seller while
-- open, with whose turn it is, the offer on the table, the outcome, the
-- deadlines and what happens to the seller's payout; and one thread of
-- messages where each message says who may read it.
CREATE TABLE dispute_cases (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    buyer_id INTEGER NOT NULL REFERENCES people (id),
    seller_id INTEGER NOT NULL REFERENCES people (id),
    ticket_id INTEGER REFERENCES tickets (id),
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    currency TEXT NOT NULL,
    offer TEXT,
    offer_amount_minor INTEGER,
    outcome TEXT,
    outcome_amount_minor INTEGER,
    payout TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    seller_due_at INTEGER NOT NULL,
    escalated_at INTEGER,
    decision_due_at INTEGER,
    resolved_at INTEGER,
    decided_by INTEGER REFERENCES people (id),
    appealed INTEGER NOT NULL DEFAULT 0,
    -- The outcome's money and orders moved (retried by the clock until so).
    executed INTEGER NOT NULL DEFAULT 0,
    -- When the clock acts next (expiry, end of the appeal window).
    due_at INTEGER,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX dispute_cases_one_open ON dispute_cases (order_id, seller_id)
    WHERE status IN ('awaiting_seller', 'awaiting_buyer', 'disagreed', 'escalated', 'appealed');
CREATE INDEX dispute_cases_buyer ON dispute_cases (buyer_id, id);
CREATE INDEX dispute_cases_seller ON dispute_cases (seller_id, id);
CREATE INDEX dispute_cases_status ON dispute_cases (status, id);
CREATE INDEX dispute_cases_due ON dispute_cases (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX dispute_cases_unexecuted ON dispute_cases (resolved_at) WHERE executed = 0 AND outcome IS NOT NULL;

CREATE TABLE dispute_messages (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES dispute_cases (id),
    author_id INTEGER REFERENCES people (id),
    party TEXT NOT NULL,
    visibility TEXT NOT NULL,
    language TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX dispute_messages_case ON dispute_messages (case_id, id);

-- Photos and documents either side sent, by their SHA-256 in the
-- attachment store; shown only as downloads.
CREATE TABLE dispute_evidence (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES dispute_cases (id),
    message_id INTEGER NOT NULL REFERENCES dispute_messages (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX dispute_evidence_case ON dispute_evidence (case_id, id);

-- The cases' scope: a token that could act on orders or reply on tickets
-- (every role's token that did) may take part in cases.
UPDATE api_tokens SET scopes = scopes || ' cases:write'
    WHERE (' ' || scopes || ' ') LIKE '% orders:write %' OR (' ' || scopes || ' ') LIKE '% tickets:write %';
