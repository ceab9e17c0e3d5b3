#include "api/rate_limiter.hpp"

#include "tt/core/error.hpp"
#include "tt/core/log.hpp"
#include "tt/http/util.hpp"

namespace gateway::api {
namespace {

// Adds ARGV[1] hits, and when that created the key sets its expiry: one atomic step per key.
constexpr const char* kAddScript =
    "local n = redis.call('INCRBY', KEYS[1], ARGV[1]) "
    "if n == tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[2]) end return n";

std::int64_t NowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// An admission.
boost::asio::awaitable<std::optional<tt::http::Response>> Admitted() {
    co_return std::nullopt;
}

boost::asio::awaitable<std::optional<tt::http::Response>> Refused(tt::http::Response response) {
    co_return response;
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

RateLimiter::RateLimiter(RateLimits limits, tt::redis::Client& redis, const AuthGuard& guard,
                         std::chrono::milliseconds sync_interval)
    : limits_(limits), redis_(redis), guard_(guard), sync_interval_(sync_interval) {
    if (limits_.enabled) sync_thread_ = std::thread([this] { SyncLoop(); });
}

RateLimiter::~RateLimiter() {
    Stop();
}

void RateLimiter::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (sync_thread_.joinable()) sync_thread_.join();
}

std::vector<std::int64_t> RateLimiter::AddToRedis(const std::vector<std::pair<std::string, std::int64_t>>& adds) {
    std::vector<std::vector<std::string>> commands;
    commands.reserve(adds.size());
    auto ttl = std::to_string(limits_.window_seconds + 1);
    for (const auto& [key, hits] : adds) commands.push_back({"EVAL", kAddScript, "1", key, std::to_string(hits), ttl});
    std::vector<std::int64_t> totals;
    totals.reserve(adds.size());
    for (const auto& reply : redis_.Pipeline(commands)) totals.push_back(reply.integer.value_or(0));
    return totals;
}

void RateLimiter::SyncLoop() {
    std::string error;
    auto flush = [this, &error](const std::vector<std::pair<std::string, std::int64_t>>& adds) {
        try {
            return AddToRedis(adds);
        } catch (const std::exception& e) {
            error = e.what();
            throw;
        }
    };
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        // Asleep while there is no traffic (the first pending hit wakes it); with traffic, one batch
        // per sync interval.
        wake_.wait(lock, [this] { return stopping_ || counts_.HasPending(); });
        wake_.wait_for(lock, sync_interval_, [this] { return stopping_; });
        lock.unlock();
        bool synced = counts_.Sync(flush, NowSeconds() / limits_.window_seconds);
        lock.lock();
        auto now_ms = NowSeconds() * 1000;
        if (!synced && now_ms - last_warning_ms_ > 10000) {
            last_warning_ms_ = now_ms;
            tt::log::Warn("rate limiter cannot reach Redis; each gateway counts its own requests until it is back",
                          {{"error", error}});
        }
    }
}

void RateLimiter::WakeSyncer() {
    { std::lock_guard lock(mutex_); }  // the syncer is either before its check or waiting
    wake_.notify_one();
}

boost::asio::awaitable<std::optional<tt::http::Response>> RateLimiter::Admit(const tt::http::Context& context) {
    std::string cls = ClassOf(context.request.method(), context.path);
    if (cls.empty() || !limits_.enabled) return Admitted();
    std::string subject = "ip:" + context.remote_address;
    if (cls != "auth") {
        if (auto caller = guard_.Optional(context.request)) subject = "user:" + caller->sub;
    }
    int limit = cls == "auth"    ? limits_.auth_per_minute
                : cls == "write" ? limits_.write_per_minute
                                 : limits_.read_per_minute;
    std::int64_t now = NowSeconds();
    std::int64_t window = now / limits_.window_seconds;
    auto tally = counts_.Hit("rl:" + cls + ":" + subject, window);
    if (tally.first_pending) WakeSyncer();
    if (tally.count <= limit) return Admitted();
    auto retry_after = (window + 1) * limits_.window_seconds - now;
    auto response = tt::http::ErrorResponse(
        429, "Too many requests; try again in " + std::to_string(retry_after) + " seconds", context);
    response.set(tt::http::beast_http::field::retry_after, std::to_string(retry_after));
    return Refused(std::move(response));
}

}  // namespace gateway::api
