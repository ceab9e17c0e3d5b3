#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "tt/pg/pool.hpp"

namespace interaction::app {

// Looks up a video's owner in video-service; throws tt::Error(kNotFound) for unknown videos.
using OwnerLookup = std::function<std::string(const std::string& video_id)>;

// Which videos exist and who owns them: asked from video-service once per video (outside any
// transaction), then kept in video_stats, since a video never changes owner; recent answers are also
// kept in memory for `ttl` (a like or view then needs no database round trip for it). Thread-safe.
class VideoDirectory {
public:
    VideoDirectory(tt::pg::Pool& pool, OwnerLookup lookup, std::chrono::milliseconds ttl = std::chrono::seconds(30))
        : pool_(pool), lookup_(std::move(lookup)), ttl_(ttl) {}

    // The owner of `video_id`; throws kNotFound for malformed or unknown ids.
    std::string OwnerOf(const std::string& video_id);
    // Drops the in-memory answer (the video was deleted). Other instances forget it within `ttl`.
    void Forget(const std::string& video_id);

private:
    static constexpr std::size_t kCapacity = 100000;
    struct Entry {
        std::string owner;
        std::chrono::steady_clock::time_point expires;
    };
    std::optional<std::string> Cached(const std::string& video_id);
    void Remember(const std::string& video_id, const std::string& owner);

    tt::pg::Pool& pool_;
    OwnerLookup lookup_;
    std::chrono::milliseconds ttl_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> cache_;
};

}  // namespace interaction::app
