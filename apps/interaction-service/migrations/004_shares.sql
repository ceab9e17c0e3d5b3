-- Shares, with the original's share types. Every share is a row; shares_count changes with it.
CREATE TABLE shares (
    id             uuid PRIMARY KEY,
    video_id       uuid NOT NULL,
    user_id        uuid NOT NULL,
    share_type     text NOT NULL CHECK (share_type IN ('direct', 'social', 'copy_link', 'download')),
    platform       text,
    target_user_id uuid,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shares_video_id_idx ON shares (video_id, created_at DESC);

ALTER TABLE video_stats ADD COLUMN shares_count bigint NOT NULL DEFAULT 0 CHECK (shares_count >= 0);
