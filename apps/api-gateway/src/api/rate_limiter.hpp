#pragma once

#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>

#include "api/auth_guard.hpp"
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

// Fixed windows (one minute by default) counted in Redis (one atomic INCR+EXPIRE script per request), so every
// gateway instance shares the counts. Over the limit: 429 with Retry-After. Redis trouble fails
// open (requests pass, a warning is logged at most every 10 s): losing Redis must not take the API
// down. Thread-safe.
class RateLimiter {
public:
    RateLimiter(RateLimits limits, tt::redis::Client& redis, const AuthGuard& guard, boost::asio::thread_pool& pool)
        : limits_(limits), redis_(redis), guard_(guard), pool_(pool) {}

    // The admission hook of the HTTP server (a plain function: it copies what it needs).
    boost::asio::awaitable<std::optional<tt::http::Response>> Admit(const tt::http::Context& context);

    // "auth", "write", "read", or "" for routes that are not limited (media files).
    static const char* ClassOf(tt::http::beast_http::verb method, const std::string& path);

private:
    // Counts one hit on `key`; the seconds until the window ends when over `limit`.
    std::optional<long> Hit(const std::string& key, int limit);

    RateLimits limits_;
    tt::redis::Client& redis_;
    const AuthGuard& guard_;
    boost::asio::thread_pool& pool_;
    std::atomic<std::int64_t> last_warning_ms_{0};
};

}  // namespace gateway::api
