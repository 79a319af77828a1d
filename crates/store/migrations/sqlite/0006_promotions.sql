-- The shop's promotions (threshold offers and coupons, as the JSON of their
-- domain definitions) and the coupon codes entered on each order.
CREATE TABLE promotions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (kind, key)
);

CREATE TABLE order_coupons (
    order_id INTEGER NOT NULL REFERENCES orders (id),
    code TEXT NOT NULL,
    PRIMARY KEY (order_id, code)
);
CREATE INDEX order_coupons_code ON order_coupons (code);
