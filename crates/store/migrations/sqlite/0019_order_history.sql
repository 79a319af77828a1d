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

-- Changes marketdesk made to an order (address, phone, a line's variant),
-- with when: a platform feed older than a change does not undo it.
CREATE TABLE order_local_changes (
    order_id INTEGER NOT NULL REFERENCES orders (id),
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    PRIMARY KEY (order_id, field)
);

-- A newer feed that disagrees with a change marketdesk made: the feed is
-- taken, and the disagreement waits on the order for an agent.
CREATE TABLE order_conflicts (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    field TEXT NOT NULL,
    local_value TEXT NOT NULL,
    platform_value TEXT NOT NULL,
    detected_at INTEGER NOT NULL
);
CREATE INDEX order_conflicts_order ON order_conflicts (order_id);
