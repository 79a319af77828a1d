-- Every status an order took, with when: from the platform's feed (ingest)
-- and from marketdesk's own actions, recorded where the order row changes,
-- so the customer and the agent see the order's history, not only its
-- current status.
CREATE TABLE order_status_history (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    status TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX order_status_history_order ON order_status_history (order_id, at);
