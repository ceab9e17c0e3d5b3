-- Substring search on username and full name (ILIKE '%q%') served by trigram indexes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_username_trgm_idx ON users USING gin (lower(username) gin_trgm_ops);
CREATE INDEX users_full_name_trgm_idx ON users USING gin (lower(coalesce(full_name, '')) gin_trgm_ops);
