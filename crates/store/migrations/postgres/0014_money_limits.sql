-- Money limits per person: compensation coupons become rows of the refunds
-- table (destination 'coupon'), so one sum bounds what a person moves on an
-- order and in a day, and one queue holds everything waiting for approval.
ALTER TABLE refunds ADD COLUMN coupon_code TEXT;
-- 1 for refunds the rules owe (a cancellation, a return by the return
-- policy): they are not a person's choice and do not use up their limit.
ALTER TABLE refunds ADD COLUMN owed_by_policy BIGINT NOT NULL DEFAULT 0;
UPDATE refunds SET owed_by_policy = 1
 WHERE decision_note IN ('automatic refund of a cancellation', 'refund of a return, by the return policy');
CREATE INDEX refunds_requested_by ON refunds (requested_by, created_at);

-- Idempotency keys: a claim holds a lease; a request that never finished
-- (a crashed node) leaves a key that becomes retryable when it ends.
ALTER TABLE idempotency_keys ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
-- Responses that carried a credential are no longer saved; forget old ones.
DELETE FROM idempotency_keys WHERE response_body LIKE '%mds\_%' ESCAPE '\' OR response_body LIKE '%mdt\_%' ESCAPE '\';
