-- Unread notifications are counted often: a partial index keeps that cheap.
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- Per-type in-app preferences; no row means enabled.
CREATE TABLE notification_preferences (
    user_id        uuid NOT NULL,
    type           text NOT NULL CHECK (type IN ('like', 'comment', 'reply', 'follow', 'new_video', 'mention')),
    in_app_enabled boolean NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, type)
);
