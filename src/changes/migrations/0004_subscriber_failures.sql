-- Changes a subscriber could not handle for good (the handler answered a 4xx-class error, e.g.
-- insufficient_stock merging carts): recorded here and skipped, so one poisoned change never
-- stops the changes after it. Transient errors (5xx class) stay pending and are retried.
CREATE TABLE changes_subscriber_failures (
  name TEXT NOT NULL,
  seq BIGINT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  failed_at BIGINT NOT NULL,
  PRIMARY KEY (name, seq)
);
