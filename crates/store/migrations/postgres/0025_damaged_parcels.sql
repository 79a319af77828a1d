-- The minute job looks for damaged parcels whose photos arrived: only the
-- few flagged damaged are read, however many shipments there are.
CREATE INDEX shipments_damaged ON shipments (id) WHERE flagged_trouble = 'damaged';
