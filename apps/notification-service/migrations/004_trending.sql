-- "trending": analytics-service saw the recipient's video go viral (video.trending). The actor is the
-- creator themself (the system speaks for nobody else); once per video by the natural key.
ALTER TABLE notification_preferences DROP CONSTRAINT notification_preferences_type_check;
ALTER TABLE notification_preferences ADD CONSTRAINT notification_preferences_type_check
    CHECK (type IN ('like', 'comment', 'reply', 'follow', 'new_video', 'mention', 'trending'));
