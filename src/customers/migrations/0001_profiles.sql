-- One row per profile ever created. A profile merged away keeps its row as a redirect
-- (merged_into names the survivor, always one hop); an erased one keeps it as a tombstone.
-- Counters live in columns so an event updates one row.
CREATE TABLE customers_profiles (
  seq AUTO_PK,
  id TEXT NOT NULL UNIQUE,
  merged_into TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  erased_at BIGINT,
  first_seen_at BIGINT,
  last_seen_at BIGINT,
  event_count BIGINT NOT NULL DEFAULT 0,
  track_count BIGINT NOT NULL DEFAULT 0,
  identify_count BIGINT NOT NULL DEFAULT 0,
  page_count BIGINT NOT NULL DEFAULT 0,
  screen_count BIGINT NOT NULL DEFAULT 0,
  group_count BIGINT NOT NULL DEFAULT 0,
  alias_count BIGINT NOT NULL DEFAULT 0,
  orders_count BIGINT NOT NULL DEFAULT 0,
  revenue_minor BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX customers_profiles_merged_into ON customers_profiles (merged_into);

-- Every identifier belongs to exactly one live profile (identifiers move on merge).
-- value is the normalised form; raw is the form it was first seen in.
CREATE TABLE customers_identifiers (
  type TEXT NOT NULL,
  ns TEXT NOT NULL,
  value TEXT NOT NULL,
  raw TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  channel_id TEXT,
  source TEXT NOT NULL,
  added_at BIGINT NOT NULL,
  PRIMARY KEY (type, ns, value)
);
CREATE INDEX customers_identifiers_customer ON customers_identifiers (customer_id);

-- value is JSON; the newest updated_at wins (last write wins by event time).
CREATE TABLE customers_traits (
  customer_id TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  source TEXT NOT NULL,
  channel_id TEXT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, name)
);

CREATE TABLE customers_consents (
  customer_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  channel TEXT NOT NULL,
  granted BIGINT NOT NULL,
  source TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, purpose, channel)
);

-- The sales channels a profile's events came from.
CREATE TABLE customers_channels (
  customer_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  PRIMARY KEY (customer_id, channel_id)
);

-- Counts of event types without a column in customers_profiles.
CREATE TABLE customers_event_counts (
  customer_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  total BIGINT NOT NULL,
  PRIMARY KEY (customer_id, event_type)
);

-- Lower-cased prefixes searched by GET /api/v1/customers?q=: names, e-mails, phone forms.
CREATE TABLE customers_search_terms (
  term TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  PRIMARY KEY (term, customer_id, kind)
);
CREATE INDEX customers_search_terms_customer ON customers_search_terms (customer_id, kind);

-- Merge history: merged_id was merged into survivor_id (its survivor at the time).
CREATE TABLE customers_merges (
  seq AUTO_PK,
  survivor_id TEXT NOT NULL,
  merged_id TEXT NOT NULL,
  cause TEXT NOT NULL,
  merged_at BIGINT NOT NULL
);
CREATE INDEX customers_merges_merged ON customers_merges (merged_id);
CREATE INDEX customers_merges_survivor ON customers_merges (survivor_id);

-- Links refused by a per-type limit, kept for review: the identifier that would have linked
-- customer_id to other_customer_id (NULL: an unowned identifier that could not be attached)
-- and the type whose limit it would break. identifier_value is NULL after erasure.
CREATE TABLE customers_conflicts (
  seq AUTO_PK,
  customer_id TEXT NOT NULL,
  other_customer_id TEXT,
  identifier_type TEXT NOT NULL,
  identifier_ns TEXT NOT NULL,
  identifier_value TEXT,
  limit_type TEXT NOT NULL,
  cause TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX customers_conflicts_status ON customers_conflicts (status, seq);
CREATE INDEX customers_conflicts_customer ON customers_conflicts (customer_id);
CREATE INDEX customers_conflicts_other ON customers_conflicts (other_customer_id);

-- Suppression list: hex SHA-256 of "type:ns:value" of every erased identifier.
CREATE TABLE customers_erased_identifiers (
  hash TEXT PRIMARY KEY,
  erased_at BIGINT NOT NULL
);

-- Who read a person's data. Only ids: it survives erasure.
CREATE TABLE customers_access_log (
  seq AUTO_PK,
  customer_id TEXT NOT NULL,
  key_id TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  request_id TEXT NOT NULL,
  accessed_at BIGINT NOT NULL
);
CREATE INDEX customers_access_log_customer ON customers_access_log (customer_id, seq);
