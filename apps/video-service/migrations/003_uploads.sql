-- Uploaded media: where the file is, what processing found, and why it failed.
ALTER TABLE videos ADD COLUMN storage_key text;
ALTER TABLE videos ADD COLUMN thumbnail_key text;
ALTER TABLE videos ADD COLUMN width integer CHECK (width >= 0);
ALTER TABLE videos ADD COLUMN height integer CHECK (height >= 0);
ALTER TABLE videos ADD COLUMN size_bytes bigint CHECK (size_bytes >= 0);
ALTER TABLE videos ADD COLUMN failure_reason text;
-- The sweeper finds uploads and processing jobs that never finished.
CREATE INDEX videos_unfinished_idx ON videos (updated_at) WHERE status IN ('uploading', 'processing');
