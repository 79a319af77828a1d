-- Times are milliseconds since the Unix epoch (UTC); money is integer minor
-- units; flags are 0/1 integers; structured values are JSON text. The same
-- shapes exist in ../postgres so that one set of queries serves both.

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    role TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'en',
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    phone TEXT,
    password_hash TEXT,
    external_id TEXT UNIQUE,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX people_role ON people (role, id);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

CREATE TABLE team_members (
    team_id INTEGER NOT NULL REFERENCES teams (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (team_id, person_id)
);

CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    requester_id INTEGER NOT NULL REFERENCES people (id),
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    priority TEXT NOT NULL,
    assignee_id INTEGER REFERENCES people (id),
    team_id INTEGER REFERENCES teams (id),
    language TEXT NOT NULL,
    custom_fields TEXT NOT NULL DEFAULT '{}',
    merged_into_id INTEGER REFERENCES tickets (id),
    follow_up_of_id INTEGER REFERENCES tickets (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    first_response_at INTEGER,
    solved_at INTEGER,
    closed_at INTEGER
);
CREATE INDEX tickets_status ON tickets (status, id);
CREATE INDEX tickets_requester ON tickets (requester_id, id);
CREATE INDEX tickets_assignee ON tickets (assignee_id, id);
CREATE INDEX tickets_team ON tickets (team_id, id);
CREATE INDEX tickets_solved ON tickets (solved_at) WHERE status = 'solved';

CREATE TABLE ticket_tags (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    tag TEXT NOT NULL,
    PRIMARY KEY (ticket_id, tag)
);
CREATE INDEX ticket_tags_tag ON ticket_tags (tag, ticket_id);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    author_id INTEGER REFERENCES people (id),
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX messages_ticket ON messages (ticket_id, id);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX attachments_message ON attachments (message_id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    subject_type TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    ticket_id INTEGER,
    actor_id INTEGER,
    action TEXT NOT NULL,
    field TEXT,
    old_value TEXT,
    new_value TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id, id);
CREATE INDEX audit_log_ticket ON audit_log (ticket_id, id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    last_used_at INTEGER,
    revoked_at INTEGER
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    csrf_token TEXT NOT NULL,
    kind TEXT NOT NULL,
    order_id INTEGER,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE TABLE magic_links (
    token_hash TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status_code INTEGER,
    content_type TEXT,
    response_body TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);

CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    purpose TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    external_id TEXT UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES people (id),
    status TEXT NOT NULL,
    currency TEXT NOT NULL,
    subtotal_minor INTEGER NOT NULL,
    discount_minor INTEGER NOT NULL DEFAULT 0,
    shipping_minor INTEGER NOT NULL DEFAULT 0,
    tax_minor INTEGER NOT NULL DEFAULT 0,
    total_minor INTEGER NOT NULL,
    shipping_address TEXT NOT NULL,
    phone TEXT,
    placed_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX orders_customer ON orders (customer_id, id);

CREATE TABLE order_lines (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    line_no INTEGER NOT NULL,
    sku TEXT NOT NULL,
    title TEXT NOT NULL,
    variant TEXT NOT NULL DEFAULT '{}',
    category TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price_minor INTEGER NOT NULL,
    discount_minor INTEGER NOT NULL DEFAULT 0,
    seller_id INTEGER REFERENCES people (id),
    final_sale INTEGER NOT NULL DEFAULT 0,
    UNIQUE (order_id, line_no)
);
CREATE INDEX order_lines_seller ON order_lines (seller_id, order_id);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    kind TEXT NOT NULL,
    method TEXT NOT NULL,
    status TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    decline_code TEXT,
    provider_reference TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX payments_order ON payments (order_id, id);

CREATE TABLE shipments (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    carrier TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    status TEXT NOT NULL,
    exception_reason TEXT,
    cross_border INTEGER NOT NULL DEFAULT 0,
    estimated_delivery_at INTEGER,
    label_created_at INTEGER NOT NULL,
    delivered_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (carrier, tracking_number)
);
CREATE INDEX shipments_order ON shipments (order_id);

CREATE TABLE shipment_lines (
    shipment_id INTEGER NOT NULL REFERENCES shipments (id),
    order_line_id INTEGER NOT NULL REFERENCES order_lines (id),
    quantity INTEGER NOT NULL,
    PRIMARY KEY (shipment_id, order_line_id)
);

CREATE TABLE tracking_events (
    id INTEGER PRIMARY KEY,
    shipment_id INTEGER NOT NULL REFERENCES shipments (id),
    occurred_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    location TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE INDEX tracking_events_shipment ON tracking_events (shipment_id, occurred_at);

CREATE TABLE returns (
    id INTEGER PRIMARY KEY,
    rma TEXT NOT NULL UNIQUE,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX returns_order ON returns (order_id);

CREATE TABLE return_lines (
    return_id INTEGER NOT NULL REFERENCES returns (id),
    order_line_id INTEGER NOT NULL REFERENCES order_lines (id),
    quantity INTEGER NOT NULL,
    PRIMARY KEY (return_id, order_line_id)
);

CREATE TABLE ticket_orders (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    order_id INTEGER NOT NULL REFERENCES orders (id),
    PRIMARY KEY (ticket_id, order_id)
);
CREATE INDEX ticket_orders_order ON ticket_orders (order_id, ticket_id);
