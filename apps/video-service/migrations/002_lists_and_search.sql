-- Hashtags and mentions parsed from the description at creation (lowercase, without # / @).
ALTER TABLE videos ADD COLUMN hashtags text[] NOT NULL DEFAULT '{}';
ALTER TABLE videos ADD COLUMN mentions text[] NOT NULL DEFAULT '{}';
CREATE INDEX videos_hashtags_idx ON videos USING gin (hashtags);

-- Full-text search over title, description and hashtags ('simple': no language-specific stemming).
ALTER TABLE videos ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(description, ''))
) STORED;
CREATE INDEX videos_search_idx ON videos USING gin (search);

-- The public feed: keyset pagination over (created_at, id).
CREATE INDEX videos_feed_idx ON videos (created_at DESC, id DESC) WHERE is_public AND status = 'ready';
