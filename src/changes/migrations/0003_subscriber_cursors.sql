-- How far each durable subscriber has handled the log. A subscriber's cursor moves in the same
-- transaction as its handler's writes, so a committed change is handled exactly once.
CREATE TABLE changes_subscriber_cursors (
  name TEXT PRIMARY KEY,
  after_seq BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
