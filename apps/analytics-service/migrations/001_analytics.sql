-- Per-video counters and scores, written only by the batch consumer (one transaction per batch,
-- together with consumer_offsets) and the rescorer (scores only). Times are ms since the epoch.
CREATE TABLE video_stats (
    video_id          uuid PRIMARY KEY,
    owner_id          uuid,  -- from video.liked / comment.* events or video-service; null until needed
    views             bigint NOT NULL DEFAULT 0 CHECK (views >= 0),
    likes             bigint NOT NULL DEFAULT 0 CHECK (likes >= 0),
    comments          bigint NOT NULL DEFAULT 0 CHECK (comments >= 0),
    shares            bigint NOT NULL DEFAULT 0 CHECK (shares >= 0),
    unique_viewers    bigint NOT NULL DEFAULT 0 CHECK (unique_viewers >= 0),
    -- The Redis HyperLogLog of signed-in viewers (its raw string after the last batch), restored
    -- into Redis when the key is missing there (flush, eviction, expiry).
    viewers_hll       bytea,
    score_1h          double precision NOT NULL DEFAULT 0,
    score_24h         double precision NOT NULL DEFAULT 0,
    score_at_ms       bigint NOT NULL DEFAULT 0,  -- when the scores were computed
    last_trending_ms  bigint,                     -- the last video.trending announcement (cooldown)
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX video_stats_trending_1h ON video_stats (score_1h DESC, video_id) WHERE score_1h > 0;
CREATE INDEX video_stats_trending_24h ON video_stats (score_24h DESC, video_id) WHERE score_24h > 0;
-- The rescorer's work list: scored videos whose scores have not been recomputed lately.
CREATE INDEX video_stats_scored ON video_stats (score_at_ms) WHERE score_1h > 0 OR score_24h > 0;

-- What each actor's engagement counted per video, window (60 / 1440 minutes) and kind (0 view,
-- 1 like, 2 comment, 3 share): once per window per kind, capped per actor (domain/trending.hpp).
CREATE TABLE trending_actor_counts (
    video_id       uuid NOT NULL,
    actor          text NOT NULL,  -- user id, or "anonymous"
    window_minutes integer NOT NULL,
    kind           smallint NOT NULL,
    counted_at_ms  bigint NOT NULL,
    weight         double precision NOT NULL,
    PRIMARY KEY (video_id, actor, window_minutes, kind)
);
CREATE INDEX trending_actor_counts_age ON trending_actor_counts (counted_at_ms);

-- Counted weight per video, window and bucket (window / 60 long); the score decays them by age.
CREATE TABLE trending_buckets (
    video_id       uuid NOT NULL,
    window_minutes integer NOT NULL,
    start_ms       bigint NOT NULL,
    weight         double precision NOT NULL,
    PRIMARY KEY (video_id, window_minutes, start_ms)
);
CREATE INDEX trending_buckets_age ON trending_buckets (start_ms);

-- Event ids already aggregated (a producer's outbox relay may publish an event twice); kept for
-- ANALYTICS_DEDUP_RETENTION.
CREATE TABLE seen_events (
    event_id uuid PRIMARY KEY,
    seen_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX seen_events_age ON seen_events (seen_at);
