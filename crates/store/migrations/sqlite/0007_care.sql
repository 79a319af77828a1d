-- Customer care beyond refunds: requests to the carrier or warehouse
-- (reschedule, reship, claims) and frozen accounts under security review.
CREATE TABLE order_requests (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    shipment_id INTEGER REFERENCES shipments (id),
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    details TEXT NOT NULL,
    ticket_id INTEGER REFERENCES tickets (id),
    created_by INTEGER REFERENCES people (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX order_requests_order ON order_requests (order_id, id);

ALTER TABLE people ADD COLUMN frozen_at INTEGER;
