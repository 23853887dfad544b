-- One row: the last order number handed out ("SZ-<year>-<6 digits>").
CREATE TABLE orders_sequence (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO orders_sequence (name, value) VALUES ('order', 0);

-- lines: the priced snapshot taken at creation (JSON array, codec.cc), with each line's hold.
CREATE TABLE orders_orders (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  channel_id TEXT,
  customer_id TEXT,
  state TEXT NOT NULL,
  fulfilment TEXT NOT NULL,
  location_id TEXT,
  locker_id TEXT,
  address TEXT,
  currency TEXT NOT NULL,
  total BIGINT NOT NULL,
  lines TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX orders_by_customer ON orders_orders (customer_id, created_at);
CREATE INDEX orders_by_location ON orders_orders (location_id, created_at);

CREATE TABLE orders_payments (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders_orders (id),
  method TEXT NOT NULL,
  amount BIGINT NOT NULL,
  currency TEXT NOT NULL,
  reference TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX orders_payments_by_order ON orders_payments (order_id, created_at);
