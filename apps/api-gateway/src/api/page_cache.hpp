#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tt/core/metrics_text.hpp"
#include "tt/http/types.hpp"

namespace gateway::api {

// Whole responses that are the same for every signed-out caller (feed pages, video details) for a
// short time, keyed by path and query. Counts in a cached page are at most `ttl` old
// (plus one rebuild); a video created or deleted through this gateway clears the cache at once
// (other gateways' caches within `ttl`). When a page expires, one request rebuilds it while the
// others keep getting the previous page (no stampede of identical rebuilds); a rebuild that has not
// finished within kRebuildTimeout is handed to the next request. A rebuild that started before the
// page was expired, forgotten or cleared is not stored (it may hold what the event changed): the next
// request rebuilds again. ttl 0 disables it. Thread-safe.
class PageCache {
public:
    explicit PageCache(std::chrono::milliseconds ttl, std::size_t capacity = 512) : ttl_(ttl), capacity_(capacity) {}

    struct Lookup {
        std::optional<tt::http::Response> response;  // fresh, or stale while another request rebuilds
        bool rebuild = false;  // this caller should build the page and Put() it with `version`
        std::uint64_t version = 0;
    };
    bool Enabled() const { return ttl_.count() > 0; }
    Lookup Get(const std::string& key);
    // Stores a page rebuilt after Get() answered rebuild with `version`, unless the page was expired,
    // forgotten or cleared since.
    void Put(const std::string& key, const tt::http::Response& response, std::uint64_t version);
    void Clear();
    // The page is out of date (an event changed it): the next Get rebuilds it while the others keep
    // getting it until the rebuild is in.
    void Expire(const std::string& key);
    // The page must not be served any more (its video was deleted).
    void Forget(const std::string& key);
    // tt_page_cache_hits_total / _stale_total / _misses_total with label cache=<name> per cache.
    static void WriteMetrics(tt::MetricsText& out, const std::vector<std::pair<std::string, const PageCache*>>& caches);

    static constexpr std::chrono::seconds kRebuildTimeout{5};

private:
    struct Entry {
        std::optional<tt::http::Response> response;  // none while the first build runs, or forgotten
        std::chrono::steady_clock::time_point expires;
        std::chrono::steady_clock::time_point rebuilding_since{};  // epoch: nobody is rebuilding
        std::uint64_t version = 0;                                 // +1 on every Expire/Forget
    };
    std::chrono::milliseconds ttl_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
    std::uint64_t hits_ = 0;
    std::uint64_t stale_ = 0;
    std::uint64_t misses_ = 0;
};

// The cache key of a video's detail page (GET /api/videos/:id).
inline std::string VideoCacheKey(const std::string& video_id) {
    return "/api/videos/" + video_id;
}

}  // namespace gateway::api
