-- No query reads changes by entity: the index only cost every append an index insert (and the
-- pages it dirties at commit). The customer index stays: the timeline and erasure read by it.
DROP INDEX IF EXISTS changes_log_entity;
