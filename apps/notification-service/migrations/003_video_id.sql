-- The video a notification is about (likes, comments, replies), so a deleted video takes its
-- notifications with it.
ALTER TABLE notifications ADD COLUMN video_id uuid;
CREATE INDEX notifications_video_id_idx ON notifications (video_id) WHERE video_id IS NOT NULL;
