-- PostgreSQL: appending transactions write their changes here, and the sequencer numbers the
-- committed ones into changes_log in one short transaction per batch, so writers never wait for
-- each other's commits (docs/changes.md). SQLite, a single writer, appends to changes_log
-- directly and leaves both tables alone.
CREATE TABLE changes_pending (
  id AUTO_PK,
  module TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  channel_id TEXT,
  key_id TEXT,
  request_id TEXT,
  occurred_at BIGINT NOT NULL,
  customer_id TEXT,
  payload_version INTEGER NOT NULL
);
-- The last sequence number given out. Sequencer runs take turns on this row (SELECT … FOR
-- UPDATE): a row lock every PostgreSQL-compatible database has, unlike advisory locks.
CREATE TABLE changes_sequencer (
  id INTEGER PRIMARY KEY,
  last_seq BIGINT NOT NULL
);
INSERT INTO changes_sequencer (id, last_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM changes_log;
