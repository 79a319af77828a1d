-- Changes that cost the customer more (a dearer variant, an added item):
-- asked here, sent to the shop's platform, made when its feed shows them.
CREATE TABLE order_pending_changes (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    kind TEXT NOT NULL,
    line_no INTEGER,
    sku TEXT NOT NULL,
    title TEXT NOT NULL,
    attributes TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    baseline_quantity INTEGER NOT NULL,
    unit_price_minor INTEGER NOT NULL,
    amount_due_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    state TEXT NOT NULL,
    requested_by INTEGER REFERENCES people (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX order_pending_changes_order ON order_pending_changes (order_id, id);
