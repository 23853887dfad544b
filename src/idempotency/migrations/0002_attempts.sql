-- Which attempt owns a record: a slow original that was taken over must not complete, commit or
-- abandon its successor's record.
ALTER TABLE idempotency_keys ADD COLUMN attempt TEXT;
