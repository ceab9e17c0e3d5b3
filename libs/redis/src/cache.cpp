#include "tt/redis/cache.hpp"

#include "tt/core/error.hpp"
#include "tt/core/log.hpp"

namespace tt::redis {
namespace {

// Returns "<generation>" on a miss and "<generation>|<value>" on a hit.
constexpr const char* kGetScript =
    "local g = redis.call('GET', KEYS[1]) or '0' "
    "local v = redis.call('GET', KEYS[1] .. ':' .. g .. ':' .. ARGV[1]) "
    "if v then return g .. '|' .. v end "
    "return g";

// Bumps the generation and keeps the counter alive longer than any value stored under it.
constexpr const char* kInvalidateScript =
    "local g = redis.call('INCR', KEYS[1]) "
    "redis.call('EXPIRE', KEYS[1], ARGV[1]) "
    "return g";

constexpr auto kBackoff = std::chrono::seconds(5);

std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

GenerationalCache::GenerationalCache(Client& client, std::string ns, std::chrono::seconds ttl)
    : client_(client), ns_(std::move(ns)), ttl_(ttl) {}

bool GenerationalCache::Skipping() const {
    return NowMs() < skip_until_ms_.load();
}

void GenerationalCache::Failed(const char* what, const std::exception& e) {
    bool first = !Skipping();
    skip_until_ms_ = NowMs() + std::chrono::duration_cast<std::chrono::milliseconds>(kBackoff).count();
    if (first) {
        log::Warn("cache unavailable, reading from the database",
                  {{"cache", ns_}, {"operation", what}, {"error", e.what()}});
    }
}

GenerationalCache::Lookup GenerationalCache::Get(const std::string& key, const std::string& variant) {
    Lookup out;
    if (Skipping()) {
        ++misses_;
        return out;
    }
    try {
        auto reply = client_.Command({"EVAL", kGetScript, "1", ns_ + ":" + key + ":gen", variant});
        const std::string text = reply.text.value_or("0");
        auto bar = text.find('|');
        out.generation = text.substr(0, bar);
        if (bar != std::string::npos) out.value = text.substr(bar + 1);
    } catch (const Error& e) {
        Failed("get", e);
        out = {};
    }
    ++(out.value ? hits_ : misses_);
    return out;
}

void GenerationalCache::Put(const std::string& key, const std::string& variant, const std::string& generation,
                            const std::string& value) {
    if (generation.empty() || Skipping()) return;
    try {
        client_.Command(
            {"SET", ns_ + ":" + key + ":gen:" + generation + ":" + variant, value, "EX", std::to_string(ttl_.count())});
    } catch (const Error& e) {
        Failed("put", e);
    }
}

bool GenerationalCache::Invalidate(const std::string& key) {
    try {
        client_.Command(
            {"EVAL", kInvalidateScript, "1", ns_ + ":" + key + ":gen", std::to_string(ttl_.count() * 2 + 60)});
        return true;
    } catch (const Error& e) {
        Failed("invalidate", e);
        return false;
    }
}

}  // namespace tt::redis
