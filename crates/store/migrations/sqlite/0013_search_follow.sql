-- Each node's search index follows the records changed since its watermark.
CREATE INDEX tickets_updated ON tickets (updated_at, id);
CREATE INDEX articles_updated ON articles (updated_at, id);
