-- likes and comments are sums of +1/-1 deltas: an unlike (or a comment deletion) may be consumed
-- before its like (comment) because they travel on different topics, so the stored sum may dip
-- below zero for a moment; clamping it would lose the delta for good. The API clamps at 0.
ALTER TABLE video_stats DROP CONSTRAINT IF EXISTS video_stats_likes_check;
ALTER TABLE video_stats DROP CONSTRAINT IF EXISTS video_stats_comments_check;
