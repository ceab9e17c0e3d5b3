-- Video metadata owned by video-service. user_id is auth-service's user id (no cross-database FK).
CREATE TABLE videos (
    id             uuid PRIMARY KEY,
    user_id        uuid NOT NULL,
    title          text NOT NULL,
    description    text,
    video_url      text NOT NULL,
    thumbnail_url  text,
    duration       integer NOT NULL DEFAULT 0 CHECK (duration >= 0),
    is_public      boolean NOT NULL DEFAULT true,
    status         text NOT NULL DEFAULT 'ready' CHECK (status IN ('uploading', 'processing', 'ready', 'failed')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX videos_user_id_created_at_idx ON videos (user_id, created_at DESC);
CREATE INDEX videos_created_at_idx ON videos (created_at DESC);
