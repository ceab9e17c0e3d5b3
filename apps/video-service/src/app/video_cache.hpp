#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "tt/redis/cache.hpp"
#include "video.pb.h"

namespace video::app {

// Redis caches of video-service's hottest reads: one video's metadata and the pages of the public
// feed (counts are not in them: interaction-service owns those). Every change to a video calls
// Changed() after its commit; see tt::redis::GenerationalCache for why no stale entry survives that.
class VideoCache {
public:
    VideoCache(tt::redis::Client& redis, std::chrono::seconds ttl)
        : videos_(redis, "cache:video", ttl), feed_(redis, "cache:feed", ttl) {}

    // Fills `out` from the cache or with `load` (then caches it).
    void Video(const std::string& id, VideoResponse* out, const std::function<void(VideoResponse*)>& load);
    void Feed(const std::string& page_key, FeedResponse* out, const std::function<void(FeedResponse*)>& load);
    // `feed`: the change can alter the public feed (a video became ready, was deleted).
    void Changed(const std::string& video_id, bool feed);

private:
    tt::redis::GenerationalCache videos_;
    tt::redis::GenerationalCache feed_;
};

}  // namespace video::app
