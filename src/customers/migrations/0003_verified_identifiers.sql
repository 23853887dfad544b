-- Whether an identifier was linked by a source that verified the person (an API key, a trusted
-- server) or only claimed by a public write key (docs/security.md, finding 4). Identifiers
-- linked before this column existed count as verified: the safe side, they stay protected.
ALTER TABLE customers_identifiers ADD COLUMN verified INTEGER NOT NULL DEFAULT 1;
