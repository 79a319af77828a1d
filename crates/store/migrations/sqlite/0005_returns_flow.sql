-- The return flow: label, warehouse, carrier scans, inspection, and the one
-- refund (or exchange) it leads to.
ALTER TABLE returns ADD COLUMN resolution TEXT NOT NULL DEFAULT 'refund';
ALTER TABLE returns ADD COLUMN method TEXT NOT NULL DEFAULT 'drop_off';
ALTER TABLE returns ADD COLUMN label_expires_at INTEGER;
ALTER TABLE returns ADD COLUMN warehouse TEXT NOT NULL DEFAULT '{}';
ALTER TABLE returns ADD COLUMN carrier TEXT;
ALTER TABLE returns ADD COLUMN tracking_number TEXT;
ALTER TABLE returns ADD COLUMN inspection_outcome TEXT;
ALTER TABLE returns ADD COLUMN inspection_note TEXT;
ALTER TABLE returns ADD COLUMN inspection_photos TEXT NOT NULL DEFAULT '[]';
ALTER TABLE returns ADD COLUMN refund_id INTEGER REFERENCES refunds (id);
ALTER TABLE returns ADD COLUMN exchange_variant TEXT;
ALTER TABLE returns ADD COLUMN ticket_id INTEGER REFERENCES tickets (id);
ALTER TABLE return_lines ADD COLUMN accepted_quantity INTEGER;
