#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "api/auth_guard.hpp"
#include "api/window_counts.hpp"
#include "tt/http/types.hpp"
#include "tt/redis/client.hpp"

namespace gateway::api {

struct RateLimits {
    bool enabled = true;
    int auth_per_minute = 20;    // login, register, refresh: per client IP
    int write_per_minute = 120;  // other POST/PUT/PATCH/DELETE: per user (per IP when anonymous)
    int read_per_minute = 600;   // GET: per user (per IP when anonymous)
    int window_seconds = 60;     // the limits above are per window of this length
};

// Fixed windows (one minute by default) per route class and caller, shared by every gateway
// instance through Redis without a Redis round trip per request: hits are counted in this process
// (WindowCounts) and added to Redis in one pipelined batch every `sync_interval` (only while there
// is traffic), so an instance sees its own hits at once and the other instances' within one sync.
// Over the limit: 429 with Retry-After. Redis trouble fails open for the shared part (a warning at
// most every 10 s): each instance then enforces the limits on its own traffic. Thread-safe.
class RateLimiter {
public:
    RateLimiter(RateLimits limits, tt::redis::Client& redis, const AuthGuard& guard,
                std::chrono::milliseconds sync_interval);
    ~RateLimiter();  // Stop()
    RateLimiter(const RateLimiter&) = delete;
    RateLimiter& operator=(const RateLimiter&) = delete;

    // The admission hook of the HTTP server: answers at once (no I/O).
    boost::asio::awaitable<std::optional<tt::http::Response>> Admit(const tt::http::Context& context);

    // "auth", "write", "read", or "" for routes that are not limited (media files).
    static const char* ClassOf(tt::http::beast_http::verb method, const std::string& path);

    // Sends what is pending one last time and ends the sync thread. Idempotent.
    void Stop();

private:
    void SyncLoop();
    void WakeSyncer();
    std::vector<std::int64_t> AddToRedis(const std::vector<std::pair<std::string, std::int64_t>>& adds);

    RateLimits limits_;
    tt::redis::Client& redis_;
    const AuthGuard& guard_;
    std::chrono::milliseconds sync_interval_;
    WindowCounts counts_;
    std::int64_t last_warning_ms_ = 0;  // sync thread only
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread sync_thread_;
};

}  // namespace gateway::api
