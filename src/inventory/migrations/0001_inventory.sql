CREATE TABLE inventory_locations (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  opening_hours TEXT NOT NULL,
  click_and_collect INTEGER NOT NULL,
  ship_from_store INTEGER NOT NULL,
  priority INTEGER NOT NULL,
  created_at BIGINT NOT NULL
);

-- reserved <= on_hand is deliberately not a CHECK: the guarded statements in store.cc keep it
-- and the conservation checker proves it (a CHECK would hide a broken guard from the checker).
CREATE TABLE inventory_stock_levels (
  sku TEXT NOT NULL,
  location_id TEXT NOT NULL REFERENCES inventory_locations (id),
  on_hand BIGINT NOT NULL,
  reserved BIGINT NOT NULL,
  safety_stock BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (sku, location_id)
);

-- Append-only: rows are inserted, never updated or deleted. on_hand = SUM(delta).
CREATE TABLE inventory_movements (
  id TEXT PRIMARY KEY,
  sku TEXT NOT NULL,
  location_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  delta BIGINT NOT NULL,
  on_hand_after BIGINT NOT NULL,
  reason TEXT,
  reference TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX inventory_movements_by_stock ON inventory_movements (sku, location_id);

CREATE TABLE inventory_reservations (
  id TEXT PRIMARY KEY,
  sku TEXT NOT NULL,
  location_id TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  channel_id TEXT,
  reference TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX inventory_reservations_due ON inventory_reservations (status, expires_at);
CREATE INDEX inventory_reservations_by_stock
  ON inventory_reservations (sku, location_id, status, expires_at);
