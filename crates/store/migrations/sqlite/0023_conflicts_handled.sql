-- An agent who has checked a feed conflict with the customer marks it
-- handled: it leaves the order's warnings, and who did it is kept.
ALTER TABLE order_conflicts ADD COLUMN handled_at INTEGER;
ALTER TABLE order_conflicts ADD COLUMN handled_by INTEGER REFERENCES people (id);
