#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tt/pg/connection.hpp"

namespace interaction::store {

// Statements over likes and video_stats. Each takes the connection of the caller's transaction.
class LikeStore {
public:
    // True when the row was inserted (false: it already existed).
    bool InsertLike(tt::pg::Connection& conn, const std::string& video_id, const std::string& user_id);
    // True when a row was deleted.
    bool DeleteLike(tt::pg::Connection& conn, const std::string& video_id, const std::string& user_id);
    bool HasLiked(tt::pg::Connection& conn, const std::string& video_id, const std::string& user_id);
    // Adds `delta` (+1/-1) and returns the new count; locks the video's stats row until commit.
    std::int64_t AddToLikes(tt::pg::Connection& conn, const std::string& video_id, int delta);
    std::int64_t LikesCount(tt::pg::Connection& conn, const std::string& video_id);

    struct VideoCounts {
        std::int64_t likes = 0;
        std::int64_t comments = 0;
        std::int64_t views = 0;
        std::int64_t shares = 0;
    };
    VideoCounts Counts(tt::pg::Connection& conn, const std::string& video_id);

    struct VideoInfo {
        std::string video_id;
        VideoCounts counts;
        bool has_liked = false;
    };
    // One entry per id of `video_ids` (zero counts for unknown videos), in their order.
    std::vector<VideoInfo> CountsOf(tt::pg::Connection& conn, const std::vector<std::string>& video_ids,
                                    const std::string& viewer);
};

}  // namespace interaction::store
