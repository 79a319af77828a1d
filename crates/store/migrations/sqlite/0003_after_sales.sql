-- After-sales: refunds (with an approval queue), store credit, cancelled
-- quantities, action idempotency and outbound webhooks.

ALTER TABLE order_lines ADD COLUMN cancelled_quantity INTEGER NOT NULL DEFAULT 0;

CREATE TABLE refunds (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    ticket_id INTEGER REFERENCES tickets (id),
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    destination TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_by INTEGER REFERENCES people (id),
    decided_by INTEGER REFERENCES people (id),
    decision_note TEXT,
    payment_id INTEGER REFERENCES payments (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX refunds_order ON refunds (order_id, id);
CREATE INDEX refunds_status ON refunds (status, id);

CREATE TABLE store_credits (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    reason TEXT NOT NULL,
    refund_id INTEGER REFERENCES refunds (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX store_credits_person ON store_credits (person_id);

-- One row per (order, Idempotency-Key): the saved outcome of an action, so a
-- retried action returns it instead of acting twice. Written in the action's
-- own transaction.
CREATE TABLE order_actions (
    order_id INTEGER NOT NULL REFERENCES orders (id),
    idempotency_key TEXT NOT NULL,
    action TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    outcome TEXT NOT NULL,
    actor_id INTEGER,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (order_id, idempotency_key)
);

CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    target_url TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0,
    last_status_code INTEGER,
    last_error TEXT,
    delivered_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL;
