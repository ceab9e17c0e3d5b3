#include "api/rate_limiter.hpp"

#include "tt/core/error.hpp"
#include "tt/core/log.hpp"
#include "tt/http/util.hpp"
#include "tt/rpc/blocking.hpp"

namespace gateway::api {
namespace {

// INCR, and on the first hit of a window set its expiry: one atomic round trip.
constexpr const char* kHitScript =
    "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n";

// An admission that needs no Redis call.
boost::asio::awaitable<std::optional<tt::http::Response>> Admitted() {
    co_return std::nullopt;
}

}  // namespace

const char* RateLimiter::ClassOf(tt::http::beast_http::verb method, const std::string& path) {
    using tt::http::beast_http::verb;
    // Probes and scrapes (load balancers, Prometheus) are not limited.
    if (path == "/health" || path == "/ready" || path == "/metrics") return "";
    if (path == "/api/auth/login" || path == "/api/auth/register" || path == "/api/auth/refresh") return "auth";
    // Media files are immutable and fetched in many Range requests while a video plays: not limited.
    if ((method == verb::get || method == verb::head) && path.starts_with("/uploads/")) return "";
    if (method == verb::get || method == verb::head || method == verb::options) return "read";
    return "write";
}

std::optional<long> RateLimiter::Hit(const std::string& key, int limit) {
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    long length = limits_.window_seconds;
    long window = now.count() / length;
    try {
        auto count =
            redis_.Command({"EVAL", kHitScript, "1", key + ":" + std::to_string(window), std::to_string(length + 1)})
                .integer;
        if (count && *count > limit) return (window + 1) * length - now.count();
    } catch (const tt::Error& e) {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
        auto last = last_warning_ms_.load();
        if (ms - last > 10000 && last_warning_ms_.compare_exchange_strong(last, ms)) {
            tt::log::Warn("rate limiter cannot reach Redis; letting requests through", {{"error", e.what()}});
        }
    }
    return std::nullopt;
}

boost::asio::awaitable<std::optional<tt::http::Response>> RateLimiter::Admit(const tt::http::Context& context) {
    std::string cls = ClassOf(context.request.method(), context.path);
    if (cls.empty() || !limits_.enabled) return Admitted();  // no trip to the Redis pool
    std::string subject = "ip:" + context.remote_address;
    if (cls != "auth") {
        if (auto caller = guard_.Optional(context.request)) subject = "user:" + caller->sub;
    }
    int limit = cls == "auth"    ? limits_.auth_per_minute
                : cls == "write" ? limits_.write_per_minute
                                 : limits_.read_per_minute;
    // What the 429 needs, copied: the context is not ours once we suspend.
    tt::http::Context error_context;
    error_context.path = context.path;
    error_context.request.method(context.request.method());
    error_context.request.version(context.request.version());
    std::string key = "rl:" + cls + ":" + subject;
    return tt::rpc::RunBlocking(pool_, [this, key, limit, error_context]() -> std::optional<tt::http::Response> {
        auto retry_after = Hit(key, limit);
        if (!retry_after) return std::nullopt;
        auto response = tt::http::ErrorResponse(
            429, "Too many requests; try again in " + std::to_string(*retry_after) + " seconds", error_context);
        response.set(tt::http::beast_http::field::retry_after, std::to_string(*retry_after));
        return response;
    });
}

}  // namespace gateway::api
