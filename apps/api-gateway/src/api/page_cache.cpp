#include "api/page_cache.hpp"

namespace gateway::api {

PageCache::Lookup PageCache::Get(const std::string& key) {
    auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    // Never a page older than a rebuild's worth past its expiry.
    if (it == entries_.end() || now > it->second.expires + kRebuildTimeout) {
        ++misses_;
        return {std::nullopt, true};
    }
    auto& entry = it->second;
    if (now <= entry.expires) {
        ++hits_;
        return {entry.response, false};
    }
    if (entry.rebuilding_since == std::chrono::steady_clock::time_point{} ||
        now - entry.rebuilding_since > kRebuildTimeout) {
        entry.rebuilding_since = now;
        ++misses_;
        return {std::nullopt, true};
    }
    ++stale_;
    return {entry.response, false};
}

void PageCache::Put(const std::string& key, const tt::http::Response& response) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_) entries_.clear();  // bounded; the popular pages return at once
    entries_.insert_or_assign(key, Entry{response, std::chrono::steady_clock::now() + ttl_});
}

void PageCache::Clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
}

void PageCache::WriteMetrics(tt::MetricsText& out) const {
    std::lock_guard lock(mutex_);
    out.Counter("tt_page_cache_hits_total", "anonymous feed pages served from the gateway's cache",
                static_cast<double>(hits_));
    out.Counter("tt_page_cache_misses_total", "anonymous feed pages built from the services",
                static_cast<double>(misses_));
    out.Counter("tt_page_cache_stale_total", "expired pages served while one request rebuilt them",
                static_cast<double>(stale_));
}

}  // namespace gateway::api
