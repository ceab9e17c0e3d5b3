-- The events of one natural key arrive on different topics (video.liked / video.unliked,
-- user.followed / user.unfollowed, comment.created / comment.deleted) and so in any order after a
-- consumer restart or a partition move. Each notification remembers when its event happened and each
-- retraction leaves a tombstone with its time, so the later event wins whatever the arrival order.
ALTER TABLE notifications ADD COLUMN event_at timestamptz;

CREATE TABLE notification_tombstones (
    user_id      uuid        NOT NULL,
    type         text        NOT NULL,
    actor_id     uuid        NOT NULL,
    object_id    uuid        NOT NULL,
    retracted_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, type, actor_id, object_id)
);

-- Deleted comments and videos: nothing may be announced about them any more.
CREATE TABLE retracted_objects (
    object_id    uuid        PRIMARY KEY,
    retracted_at timestamptz NOT NULL DEFAULT now()
);
