-- The person a change is about: the customer timeline and erasure read changes by it.
ALTER TABLE changes_log ADD COLUMN customer_id TEXT;
CREATE INDEX changes_log_customer ON changes_log (customer_id, seq);
