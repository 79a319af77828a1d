-- Seller standards (docs/DISPUTES.md, "Seller standards"): who cancelled an
-- order and the listing as bought (the platform's feed says), when the
-- seller first answered a case, strikes staff give, each seller's standing
-- as last assessed, the notices that changed it (each with its appeal), and
-- buyers flagged for review.
ALTER TABLE orders ADD COLUMN cancelled_by TEXT;
ALTER TABLE order_lines ADD COLUMN listing TEXT;
ALTER TABLE dispute_cases ADD COLUMN seller_answered_at INTEGER;
UPDATE dispute_cases SET seller_answered_at = (
    SELECT MIN(m.created_at) FROM dispute_messages m
    WHERE m.case_id = dispute_cases.id AND m.party = 'seller'
);
CREATE INDEX dispute_cases_seller_opened ON dispute_cases (seller_id, opened_at);
CREATE INDEX dispute_cases_buyer_opened ON dispute_cases (buyer_id, opened_at);

CREATE TABLE seller_strikes (
    id INTEGER PRIMARY KEY,
    seller_id INTEGER NOT NULL REFERENCES people (id),
    reason TEXT NOT NULL,
    note TEXT NOT NULL,
    issued_by INTEGER NOT NULL REFERENCES people (id),
    issued_at INTEGER NOT NULL,
    withdrawn_by INTEGER REFERENCES people (id),
    withdrawn_at INTEGER
);
CREATE INDEX seller_strikes_seller ON seller_strikes (seller_id, issued_at);

CREATE TABLE seller_standings (
    seller_id INTEGER PRIMARY KEY REFERENCES people (id),
    standing TEXT NOT NULL,
    -- The last assessment's readings, as JSON.
    assessment TEXT NOT NULL,
    assessed_at INTEGER NOT NULL,
    changed_at INTEGER NOT NULL
);
CREATE INDEX seller_standings_assessed ON seller_standings (assessed_at);
CREATE INDEX seller_standings_standing ON seller_standings (standing, seller_id);

CREATE TABLE seller_notices (
    id INTEGER PRIMARY KEY,
    seller_id INTEGER NOT NULL REFERENCES people (id),
    standing TEXT NOT NULL,
    previous TEXT NOT NULL,
    -- 'figures' (an assessment) or 'appeal' (a lifted notice).
    cause TEXT NOT NULL,
    assessment TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    appeal TEXT,
    appealed_at INTEGER,
    appeal_status TEXT,
    decided_by INTEGER REFERENCES people (id),
    decided_at INTEGER,
    decision_note TEXT
);
CREATE INDEX seller_notices_seller ON seller_notices (seller_id, id);
CREATE INDEX seller_notices_appeals ON seller_notices (appeal_status, id);

CREATE TABLE buyer_flags (
    buyer_id INTEGER PRIMARY KEY REFERENCES people (id),
    cases_opened INTEGER NOT NULL,
    cases_lost INTEGER NOT NULL,
    flagged_at INTEGER NOT NULL,
    -- 'flagged' until someone reviews it, then 'reviewed'.
    status TEXT NOT NULL,
    reviewed_by INTEGER REFERENCES people (id),
    reviewed_at INTEGER,
    note TEXT
);
CREATE INDEX buyer_flags_status ON buyer_flags (status, flagged_at);
