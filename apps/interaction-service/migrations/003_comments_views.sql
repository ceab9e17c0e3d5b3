-- Comments and replies. Counters change in the same transaction as the rows.
CREATE TABLE comments (
    id            uuid PRIMARY KEY,
    video_id      uuid NOT NULL,
    user_id       uuid NOT NULL,
    parent_id     uuid REFERENCES comments (id) ON DELETE CASCADE,
    content       text NOT NULL CHECK (char_length(content) BETWEEN 1 AND 2000),
    likes_count   bigint NOT NULL DEFAULT 0 CHECK (likes_count >= 0),
    replies_count bigint NOT NULL DEFAULT 0 CHECK (replies_count >= 0),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_video_top_idx ON comments (video_id, created_at DESC, id DESC) WHERE parent_id IS NULL;
CREATE INDEX comments_parent_idx ON comments (parent_id, created_at DESC, id DESC) WHERE parent_id IS NOT NULL;

CREATE TABLE comment_likes (
    comment_id uuid NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (comment_id, user_id)
);

ALTER TABLE video_stats
    ADD COLUMN comments_count bigint NOT NULL DEFAULT 0 CHECK (comments_count >= 0),
    ADD COLUMN views_count bigint NOT NULL DEFAULT 0 CHECK (views_count >= 0);

-- One row per (video, viewer): a view counts again only after the dedup window has passed.
CREATE TABLE view_dedup (
    video_id        uuid NOT NULL,
    viewer          text NOT NULL,  -- "u:<userId>" or "s:<sessionId>"
    last_counted_at timestamptz NOT NULL,
    PRIMARY KEY (video_id, viewer)
);
