-- Notifications per recipient. The natural key (recipient, type, actor, object) is unique, so a
-- redelivered event never creates a second notification.
CREATE TABLE notifications (
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL,
    actor_id   uuid NOT NULL,
    type       text NOT NULL,
    object_id  uuid NOT NULL,
    message    text NOT NULL,
    event_id   uuid NOT NULL,
    read_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT notifications_natural_key UNIQUE (user_id, type, actor_id, object_id)
);
CREATE INDEX notifications_user_id_created_at_idx ON notifications (user_id, created_at DESC, id DESC);
