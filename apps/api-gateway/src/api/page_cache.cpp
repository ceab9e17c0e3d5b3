#include "api/page_cache.hpp"

namespace gateway::api {

std::optional<tt::http::Response> PageCache::Get(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.expires < std::chrono::steady_clock::now()) {
        ++misses_;
        return std::nullopt;
    }
    ++hits_;
    return it->second.response;
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
}

}  // namespace gateway::api
