-- What the shipment watch last acted on, so a parcel's trouble is reported
-- once, and again only when it changes.
ALTER TABLE shipments ADD COLUMN flagged_trouble TEXT;
ALTER TABLE shipments ADD COLUMN flagged_at INTEGER;
CREATE INDEX shipments_open ON shipments (status, id);
