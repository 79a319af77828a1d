-- An agent who has checked a feed conflict with the customer marks it
-- handled: it leaves the order's warnings, and who did it is kept.
ALTER TABLE order_conflicts ADD COLUMN handled_at BIGINT;
ALTER TABLE order_conflicts ADD COLUMN handled_by BIGINT REFERENCES people (id);
