-- Version 2: when each user was last seen, so presence survives a restart (offline users keep their
-- last_seen_at). Portable: H2 and PostgreSQL.
ALTER TABLE inbox_user ADD COLUMN last_seen_at TIMESTAMP;
