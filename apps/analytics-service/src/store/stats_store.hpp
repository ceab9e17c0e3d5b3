#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "domain/action.hpp"
#include "domain/trending.hpp"
#include "tt/pg/connection.hpp"

namespace analytics::store {

// One row of video_stats.
struct VideoRow {
    std::string video_id;
    std::string owner_id;  // empty while unknown
    domain::Counters counters;
    std::int64_t unique_viewers = 0;
    bool has_sketch = false;  // a viewer HyperLogLog is stored
    std::string sketch;       // to store (raw bytes); empty = leave the stored one
    domain::Scores scores;
    std::int64_t score_at_ms = 0;
    std::optional<std::int64_t> last_trending_ms;
};

// Statements over the analytics tables (migrations/001_analytics.sql). Each takes the connection of
// the caller's transaction; the batch ones send a whole batch as array parameters (one round trip).
class StatsStore {
public:
    // Records `event_ids` as seen and returns those that were not seen before.
    std::set<std::string> MarkSeen(tt::pg::Connection& conn, const std::vector<std::string>& event_ids);
    // Creates the missing rows of `video_ids` and locks all of them until commit, in id order.
    std::map<std::string, VideoRow> LockVideos(tt::pg::Connection& conn, const std::vector<std::string>& video_ids);
    // The stored viewer HyperLogLog of a video (raw bytes); empty when none.
    std::string StoredSketch(tt::pg::Connection& conn, const std::string& video_id);
    // Counters, unique viewers, the sketch (when given), the owner (when known), scores, announcement.
    void SaveVideos(tt::pg::Connection& conn, const std::vector<VideoRow>& rows);

    using VideoActor = std::pair<std::string, std::string>;
    // What the given actors counted on the given videos, in every window.
    std::map<domain::ActorKey, domain::ActorCounts> LoadActorCounts(tt::pg::Connection& conn,
                                                                    const std::set<VideoActor>& pairs);
    void SaveActorCounts(tt::pg::Connection& conn, const std::map<domain::ActorKey, domain::ActorCounts>& counts,
                         const std::set<domain::ActorKey>& which);
    void AddToBuckets(tt::pg::Connection& conn, const std::map<domain::BucketKey, double>& weights);
    // Buckets by video and window (minutes) that start after `since_ms`.
    std::map<std::string, std::map<int, std::vector<domain::Bucket>>> LoadBuckets(
        tt::pg::Connection& conn, const std::vector<std::string>& video_ids, std::int64_t since_ms);

    // Rescorer: up to `limit` scored videos computed before `before_ms`, locked (rows a batch holds
    // are skipped: it rescores them itself).
    std::vector<std::string> LockStaleScores(tt::pg::Connection& conn, std::int64_t before_ms, int limit);
    void SaveScores(tt::pg::Connection& conn, const std::map<std::string, domain::Scores>& scores, std::int64_t now_ms);
    struct Expired {
        std::int64_t buckets = 0;
        std::int64_t actor_counts = 0;
        std::int64_t events = 0;
    };
    // Deletes buckets and actor counts that left their window, and seen event ids older than `retention`.
    Expired DeleteExpired(tt::pg::Connection& conn, std::int64_t now_ms, std::chrono::seconds retention);

    // Highest scores first (ties by id); only scores above 0.
    std::vector<std::pair<std::string, double>> Trending(tt::pg::Connection& conn, const domain::Window& window,
                                                         int limit);
    std::optional<VideoRow> Find(tt::pg::Connection& conn, const std::string& video_id);
};

}  // namespace analytics::store
