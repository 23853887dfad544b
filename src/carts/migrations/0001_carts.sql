-- owner_key is "customer:<cus_…>" or "anonymous:<id>": one active cart per owner.
CREATE TABLE carts_carts (
  id TEXT PRIMARY KEY,
  owner_key TEXT NOT NULL,
  customer_id TEXT,
  anonymous_id TEXT,
  channel_id TEXT,
  status TEXT NOT NULL,
  version BIGINT NOT NULL,
  currency TEXT NOT NULL,
  coupons TEXT NOT NULL,
  fulfilment TEXT NOT NULL,
  pickup_location_id TEXT,
  priced TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_activity_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX carts_one_active_per_owner ON carts_carts (owner_key) WHERE status = 'active';
CREATE INDEX carts_idle ON carts_carts (status, last_activity_at);
CREATE INDEX carts_by_anonymous ON carts_carts (anonymous_id, status);

CREATE TABLE carts_lines (
  cart_id TEXT NOT NULL REFERENCES carts_carts (id),
  sku TEXT NOT NULL,
  position BIGINT NOT NULL,
  quantity BIGINT NOT NULL,
  hold_id TEXT,
  hold_location_id TEXT,
  hold_quantity BIGINT,
  hold_expires_at BIGINT,
  PRIMARY KEY (cart_id, sku)
);
