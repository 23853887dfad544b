-- The global, ordered log of every state change. seq is assigned in commit order (see log.cc).
CREATE TABLE changes_log (
  seq AUTO_PK,
  module TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  channel_id TEXT,
  key_id TEXT,
  request_id TEXT,
  occurred_at BIGINT NOT NULL
);
CREATE INDEX changes_log_entity ON changes_log (entity_type, entity_id, seq);
