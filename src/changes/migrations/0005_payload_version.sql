-- The schema version of each payload (event.h): a row written before a field was added keeps
-- decoding at the version it was written with.
ALTER TABLE changes_log ADD COLUMN payload_version INTEGER NOT NULL DEFAULT 1;
