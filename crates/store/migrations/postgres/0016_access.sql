-- New token scopes split out of broader ones. Existing tokens keep doing what
-- they did: a token that could act on orders (tickets:write) gets
-- orders:write; one that read customer data (customers:read) gets help:read
-- (what customers searched for) and promotions:read (coupon codes issued to
-- customers); one with admin gets help:write, promotions:write, reports:read.
UPDATE api_tokens SET scopes = scopes || ' orders:write'
    WHERE (' ' || scopes || ' ') LIKE '% tickets:write %';
UPDATE api_tokens SET scopes = scopes || ' help:read promotions:read'
    WHERE (' ' || scopes || ' ') LIKE '% customers:read %';
UPDATE api_tokens SET scopes = scopes || ' help:write promotions:write reports:read'
    WHERE (' ' || scopes || ' ') LIKE '% admin %';

-- The attachment sweep asks, file by file, whether any row still names it.
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- Tickets staff shared with a seller: the one way a seller sees a ticket
-- they did not open (selling an item of a linked order is not enough).
CREATE TABLE ticket_shares (
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    seller_id BIGINT NOT NULL REFERENCES people (id),
    shared_by BIGINT REFERENCES people (id),
    shared_at BIGINT NOT NULL,
    PRIMARY KEY (ticket_id, seller_id)
);
CREATE INDEX ticket_shares_seller ON ticket_shares (seller_id, ticket_id);
