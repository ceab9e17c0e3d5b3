#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tt/redis/client.hpp"

namespace analytics::store {

// The distinct signed-in viewers of each video as a Redis HyperLogLog ("analytics:viewers:<videoId>",
// PFADD/PFCOUNT, ~0.8% error, at most 12 KB per video). Redis is a cache of it: the caller stores the
// raw string returned after each batch in PostgreSQL, and a key Redis lost (flush, restart without
// persistence, expiry after `ttl` idle) is restored from that copy before new viewers are added, so
// nobody counted before is lost or counted twice. One Lua script per video and batch.
class ViewerSketch {
public:
    ViewerSketch(tt::redis::Client& redis, std::chrono::seconds ttl) : redis_(redis), ttl_(ttl) {}

    struct Result {
        std::int64_t count = 0;
        std::string raw;  // the HyperLogLog's bytes (GET), to store
    };
    // Adds `viewers` to the video's sketch. `has_stored` says a copy is stored in PostgreSQL; `stored`
    // fetches it, only when Redis lost the key. Throws tt::Error(kUnavailable) when Redis is down.
    Result Add(const std::string& video_id, const std::vector<std::string>& viewers, bool has_stored,
               const std::function<std::string()>& stored);

private:
    tt::redis::Client& redis_;
    std::chrono::seconds ttl_;
};

}  // namespace analytics::store
