#pragma once

#include <functional>
#include <string>

#include "tt/pg/pool.hpp"

namespace interaction::app {

// Looks up a video's owner in video-service; throws tt::Error(kNotFound) for unknown videos.
using OwnerLookup = std::function<std::string(const std::string& video_id)>;

// Which videos exist and who owns them: asked from video-service once per video (outside any
// transaction), then kept in video_stats, since a video never changes owner. Thread-safe.
class VideoDirectory {
public:
    VideoDirectory(tt::pg::Pool& pool, OwnerLookup lookup) : pool_(pool), lookup_(std::move(lookup)) {}

    // The owner of `video_id`; throws kNotFound for malformed or unknown ids.
    std::string OwnerOf(const std::string& video_id);

private:
    tt::pg::Pool& pool_;
    OwnerLookup lookup_;
};

}  // namespace interaction::app
