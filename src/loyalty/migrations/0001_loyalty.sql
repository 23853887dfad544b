-- The one programme: a single row (id = 1), seeded with the defaults in README.md.
CREATE TABLE loyalty_programme (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  currency TEXT NOT NULL,
  points_per_unit BIGINT NOT NULL,
  unit_minor BIGINT NOT NULL,
  tiers TEXT NOT NULL,
  expiry_months INTEGER NOT NULL,
  tier_window_months INTEGER NOT NULL,
  redeem_points BIGINT NOT NULL,
  redeem_value_minor BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
INSERT INTO loyalty_programme (id, currency, points_per_unit, unit_minor, tiers, expiry_months,
  tier_window_months, redeem_points, redeem_value_minor, updated_at)
VALUES (1, 'PLN', 1, 100,
  '[{"name":"Basic","threshold":0,"multiplier_bp":10000},{"name":"Silver","threshold":1000,"multiplier_bp":12500},{"name":"Gold","threshold":5000,"multiplier_bp":15000}]',
  12, 12, 100, 1000, 0);

-- The points ledger. Append-only: rows are inserted, never updated or deleted.
-- A customer's balance = SUM(points) once due expiries are written.
-- occurred_at: when the points were earned (earn, and the reverse of that earn); else created_at.
CREATE TABLE loyalty_entries (
  seq AUTO_PK,
  id TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  points BIGINT NOT NULL,
  source_type TEXT,
  source_id TEXT,
  amount_minor BIGINT,
  currency TEXT,
  reason TEXT,
  occurred_at BIGINT NOT NULL,
  expires_at BIGINT,
  created_at BIGINT NOT NULL
);
-- One earn and one reverse per source; one redemption per reference. A replay never earns twice.
CREATE UNIQUE INDEX loyalty_entries_source ON loyalty_entries (kind, source_type, source_id);
CREATE INDEX loyalty_entries_by_customer ON loyalty_entries (customer_id, seq);

-- What is left of each credit (an earn or a positive adjustment): redemptions, reversals and
-- expiry consume it, oldest expiry first. SUM(remaining) = the ledger balance.
CREATE TABLE loyalty_lots (
  entry_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  points BIGINT NOT NULL,
  remaining BIGINT NOT NULL,
  expired BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX loyalty_lots_by_customer ON loyalty_lots (customer_id, expires_at);
CREATE INDEX loyalty_lots_due ON loyalty_lots (expires_at);

-- The tier last announced per customer (loyalty.tier.changed fires when it moves).
CREATE TABLE loyalty_accounts (
  customer_id TEXT PRIMARY KEY,
  tier TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
