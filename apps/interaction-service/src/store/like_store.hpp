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
    struct Change {
        bool changed = false;          // the like was added (like) or removed (unlike)
        std::int64_t likes_count = 0;  // after the change; 0 when the video has no stats row
    };
    // Adds (like) or removes (unlike) the user's like and, when that changed something, moves the
    // video's likes_count by one, locking its stats row until commit. One statement (two for a
    // repeat, which reads the count afterwards).
    Change ChangeLike(tt::pg::Connection& conn, const std::string& video_id, const std::string& user_id, bool like);
    bool HasLiked(tt::pg::Connection& conn, const std::string& video_id, const std::string& user_id);

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
