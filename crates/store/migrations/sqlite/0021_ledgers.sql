-- Store credit as a ledger: every line says what it records (issued, used,
-- expired). An issued lot keeps what is left of it and when it expires;
-- a spend reported by the platform carries the platform's reference, once.
ALTER TABLE store_credits ADD COLUMN kind TEXT NOT NULL DEFAULT 'issued';
ALTER TABLE store_credits ADD COLUMN remaining_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE store_credits ADD COLUMN expires_at INTEGER;
ALTER TABLE store_credits ADD COLUMN order_number TEXT;
ALTER TABLE store_credits ADD COLUMN reference TEXT;
UPDATE store_credits SET remaining_minor = amount_minor WHERE amount_minor > 0;
CREATE UNIQUE INDEX store_credits_reference ON store_credits (reference);
CREATE INDEX store_credits_expiry ON store_credits (expires_at);

-- The code a customer gives at the shop's checkout to spend their credit.
CREATE TABLE store_credit_codes (
    person_id INTEGER PRIMARY KEY REFERENCES people (id),
    code TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

-- Sellers' payouts as the platform reports them: amount, status, expected
-- date, holds with their reasons, and the orders they pay for.
CREATE TABLE payouts (
    id INTEGER PRIMARY KEY,
    seller_id INTEGER NOT NULL REFERENCES people (id),
    reference TEXT NOT NULL UNIQUE,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    expected_at INTEGER,
    paid_at INTEGER,
    holds TEXT NOT NULL,
    order_numbers TEXT NOT NULL,
    failure TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX payouts_seller ON payouts (seller_id, id);

-- A chargeback on a payment, as the payment provider reports it: its
-- status, the bank's reason and the date evidence is due.
ALTER TABLE payments ADD COLUMN dispute_status TEXT;
ALTER TABLE payments ADD COLUMN dispute_reason TEXT;
ALTER TABLE payments ADD COLUMN dispute_due_at INTEGER;
