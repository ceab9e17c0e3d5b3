-- Follows: the row is the truth; user_stats counts change with it in one transaction.
CREATE TABLE follows (
    follower_id  uuid NOT NULL,
    following_id uuid NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (follower_id, following_id),
    CHECK (follower_id <> following_id)
);
-- Keyset pagination of a user's followers and of whom a user follows, newest first.
CREATE INDEX follows_following_created_idx ON follows (following_id, created_at DESC, follower_id DESC);
CREATE INDEX follows_follower_created_idx ON follows (follower_id, created_at DESC, following_id DESC);

-- A row per user known to this service (checked against auth-service once).
CREATE TABLE user_stats (
    user_id         uuid PRIMARY KEY,
    followers_count bigint NOT NULL DEFAULT 0 CHECK (followers_count >= 0),
    following_count bigint NOT NULL DEFAULT 0 CHECK (following_count >= 0)
);
