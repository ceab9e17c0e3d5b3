#pragma once

#include <cstdint>
#include <string>

#include "app/video_directory.hpp"
#include "tt/pg/pool.hpp"

namespace interaction::app {

// Shares with the original's types (direct, social, copy_link, download). Each share is counted;
// the row, shares_count and video.shared commit together.
class ShareService {
public:
    ShareService(tt::pg::Pool& pool, VideoDirectory& videos) : pool_(pool), videos_(videos) {}

    // Returns the video's shares_count after this share. kInvalidArgument for an unknown type.
    std::int64_t Share(const std::string& user_id, const std::string& video_id, const std::string& share_type,
                       const std::string& platform, const std::string& target_user_id);

private:
    tt::pg::Pool& pool_;
    VideoDirectory& videos_;
};

}  // namespace interaction::app
