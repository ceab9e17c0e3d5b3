-- A like is set membership: one row per (video, user). The row is the truth; video_stats.likes_count
-- changes in the same transaction as the row, only when a row was really inserted or deleted.
CREATE TABLE likes (
    video_id   uuid NOT NULL,
    user_id    uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (video_id, user_id)
);
CREATE INDEX likes_user_id_idx ON likes (user_id, created_at DESC);

-- Per-video counters and the owner (copied once from video-service; a video never changes owner).
CREATE TABLE video_stats (
    video_id    uuid PRIMARY KEY,
    owner_id    uuid NOT NULL,
    likes_count bigint NOT NULL DEFAULT 0 CHECK (likes_count >= 0)
);
